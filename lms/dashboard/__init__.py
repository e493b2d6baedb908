"""Coordinators' dashboards: where each angkatan stands, who needs help, the participant record, exports."""
