package android.app;

import android.content.Context;

/** Stand-in for {@code android.app.Activity}: only a type for reader mode's calls. */
public class Activity extends Context {}
