"""Pages of the staffing app."""
