"""In-app notifications with an unread badge, and e-mail/SMS channels."""
