"""Forms of the student pages."""
