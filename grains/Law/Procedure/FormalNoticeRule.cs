namespace P4Orleans.Law;

/// <summary>A dated version of the requirement of a final formal notice before a contrainte.</summary>
public abstract class FormalNoticeRule(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>True when a notice and a wait must precede the contrainte.</summary>
    public abstract bool NoticeRequired { get; }

    /// <summary>Months the debtor has to contest or ask for payment terms.</summary>
    public abstract int WaitMonths { get; }
}

/// <summary>Before the 2019 change: a contrainte could be issued without a prior formal notice.</summary>
public sealed class NoFormalNoticeRequired() : FormalNoticeRule("contrainte-without-notice", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override bool NoticeRequired => false;

    /// <inheritdoc />
    public override int WaitMonths => 0;
}

/// <summary>From 17 June 2019 (after Constitutional Court 49/2019): final formal notice, then one month.</summary>
public sealed class FormalNoticeOneMonth(DateOnly validFrom) : FormalNoticeRule("formal-notice-one-month-2019", validFrom)
{
    /// <inheritdoc />
    public override bool NoticeRequired => true;

    /// <inheritdoc />
    public override int WaitMonths => 1;
}

/// <summary>When a contrainte may be issued after a final formal notice.</summary>
/// <param name="NoticeRequired">False when the version in force did not require a notice.</param>
/// <param name="WaitLastDay">Last day of the debtor's month to contest or ask for terms (null if no notice required).</param>
/// <param name="ContrainteMayBeIssuedFrom">First day on which the contrainte may be issued, absent contest or terms.</param>
/// <param name="Explanation">Why.</param>
public sealed record FormalNoticeResult(
    bool NoticeRequired,
    DateOnly? WaitLastDay,
    DateOnly ContrainteMayBeIssuedFrom,
    Explanation Explanation);
