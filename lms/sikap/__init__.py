"""Sikap perilaku: the attitude instruments of the program file scored by the people it names (widyaiswara,
committee, coach, mentor), each scorer seeing only their participants, and the sikap component of the final score."""
