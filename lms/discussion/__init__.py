"""Discussion spaces of the distance-learning phase: threads, posts, unread markers, notifications, moderation."""
