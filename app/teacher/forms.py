"""Forms of the teacher pages."""
