"""Staff's page of the outbox: what waits, what went out, what failed, and handing messages over in person."""
