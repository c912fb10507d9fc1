package android.content;

/** Stand-in for {@code android.content.Context}: only a type for {@code getDefaultAdapter}. */
public abstract class Context {}
