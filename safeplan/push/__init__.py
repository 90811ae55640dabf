"""Web Push (VAPID) subscriptions and reminder preferences (issue 14)."""
