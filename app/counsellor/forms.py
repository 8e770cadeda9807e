"""Forms of the counsellor pages."""
