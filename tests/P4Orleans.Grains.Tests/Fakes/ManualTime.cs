namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void SetTo(DateTimeOffset instant)
    {
        if (instant > now)
        {
            now = instant;
        }
    }
}
