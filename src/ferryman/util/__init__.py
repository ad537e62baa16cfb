"""Small helpers with one job each."""
