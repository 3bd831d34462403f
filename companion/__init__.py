"""Bedtime Companion: a calm pre-sleep stretch routine and a private diary of night cramps."""

__version__ = "0.1.0"
APP_NAME = "Bedtime Companion"
APP_ID = "org.bedtimecompanion.BedtimeCompanion"
