"""Facts about a message and its sender (trust, eligibility) and the rule table engine that turns them into a Decision. Pure."""
