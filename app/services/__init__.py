"""The operations of the school's work. They add and flush; the route commits once."""
