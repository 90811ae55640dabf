"""The client's circle: support persons' invitations, sharing choices and their own narrow view (issue 14)."""
