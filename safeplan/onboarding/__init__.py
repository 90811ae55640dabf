"""First run for a real clinic: `safeplan init`, the first-run page, staff and client invitations (issue 16)."""
