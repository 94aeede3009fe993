"""The mailbot command: the parser, the daemon and every timed job, the admin and web commands."""
