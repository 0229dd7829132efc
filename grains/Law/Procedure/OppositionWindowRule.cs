namespace P4Orleans.Law;

/// <summary>A dated version of the opposition window against a served contrainte (art. 40 law of 27 June 1969).</summary>
public abstract class OppositionWindowRule(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>Length of the window.</summary>
    public abstract int Length { get; }

    /// <summary>Unit of <see cref="Length"/>.</summary>
    public abstract DeadlineUnit Unit { get; }
}

/// <summary>Opposition within 15 days of service: services before the 2019 change.</summary>
public sealed class OppositionWindowFifteenDays() : OppositionWindowRule("opposition-15-days", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override int Length => 15;

    /// <inheritdoc />
    public override DeadlineUnit Unit => DeadlineUnit.Days;
}

/// <summary>Opposition within one month of service (law implementing the IPA 2019-2020, in force 17 June 2019).</summary>
public sealed class OppositionWindowOneMonth(DateOnly validFrom) : OppositionWindowRule("opposition-one-month-2019", validFrom)
{
    /// <inheritdoc />
    public override int Length => 1;

    /// <inheritdoc />
    public override DeadlineUnit Unit => DeadlineUnit.Months;
}
