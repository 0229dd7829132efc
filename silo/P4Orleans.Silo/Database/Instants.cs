namespace P4Orleans.Silo.Database;

/// <summary>Instants as PostgreSQL keeps them.</summary>
public static class Instants
{
    /// <summary>Truncated to the microsecond, in UTC, so that what is read back equals what was written.</summary>
    public static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
