"""Learning: enrolment, lesson progress, completion rules, the delegate's pages."""
