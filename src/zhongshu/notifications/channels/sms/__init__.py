"""SMS channel: urgent notifications, to people with a phone number, through a pluggable gateway."""
