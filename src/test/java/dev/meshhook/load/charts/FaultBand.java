package dev.meshhook.load.charts;

/** A fault of a chaos run, in seconds since the run's start, drawn as a band on every timeline. */
public record FaultBand(String kind, double fromSeconds, double toSeconds, String detail) {}
