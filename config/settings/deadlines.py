"""Working-day calendar policy."""

import environ

env = environ.Env()

# A natural-day period (payment, 90-day decision) that ends on a statutory holiday or
# weekend rolls to the next working day (the 期间 rule of the civil procedure law).
DEADLINES_ROLL_NATURAL_PERIODS = env.bool(
    "DEADLINES_ROLL_NATURAL_PERIODS", default=True
)
