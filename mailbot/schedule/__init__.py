"""Meetings and everything timed: meeting plans, what is due, calendar invitations, RSVPs, reports on the network's rules."""
