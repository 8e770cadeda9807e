"""Forms of the admin pages."""
