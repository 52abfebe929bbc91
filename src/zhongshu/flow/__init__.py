"""Work items (待办/待阅/已办), deadlines, reminders and hand-over shared by every module."""
