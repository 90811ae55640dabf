"""Quality measures for the clinic lead (issue 16)."""
