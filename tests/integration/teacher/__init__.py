"""The teacher's journey: classes, roster, login cards, assignments, consent and the class report."""
