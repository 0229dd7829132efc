using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Law;

/// <summary>
/// When an eBox message counts as received (law of 24 February 2003, art. 4/2 and 4/3: an eBox message has the
/// legal value of a registered letter; LEGAL.md §10). How that value translates into the first day of a deadline is
/// UNVERIFIED: both values below are configuration (section <c>Law:Ebox</c>).
/// </summary>
public sealed class EboxOptions
{
    /// <summary>
    /// A message read before it is deemed received starts its deadlines the day after its reading. UNVERIFIED;
    /// default true.
    /// </summary>
    public bool CountFromReading { get; set; } = true;

    /// <summary>
    /// An unread message is deemed received on this working day after it was made available, the deadline running
    /// from that day (by analogy with the plain registered letter, art. 53bis 2°). 0: only a reading counts.
    /// UNVERIFIED; default 3.
    /// </summary>
    [Range(0, 30)]
    public int DeemedReceivedAfterWorkingDays { get; set; } = 3;
}

/// <summary>When a communication counts as received.</summary>
/// <param name="FirstDay">First day of any deadline the communication starts; null while none runs yet (an unread eBox message, nothing deemed).</param>
/// <param name="Explanation">Why (subject <see cref="DeadlineSubject.CommunicationReceipt"/>).</param>
public sealed record ReceiptResult(DateOnly? FirstDay, Explanation Explanation);

/// <summary>The first day a communication starts: art. 53bis for registered letters, the eBox rule for eBox messages.</summary>
public static class ReceiptRule
{
    /// <summary>The rule version of eBox receipts.</summary>
    public const string EboxRuleId = "ebox-law-2003-art-4-3";

    /// <summary>The rule version of registered letters.</summary>
    public const string LetterRuleId = "judicial-code-art-53bis";

    /// <summary>The provision quoted for eBox steps.</summary>
    public const string EboxArticle = "art. 4/3 L. 24.02.2003";

    /// <summary>
    /// The first day for a communication sent by <paramref name="channel"/>: for a registered letter with
    /// acknowledgement <paramref name="eventDate"/> is its presentation, for a plain one its posting; for an eBox
    /// message the day it was made available, and <paramref name="readOn"/> the day it was read, if it was.
    /// </summary>
    public static ReceiptResult Compute(BaseEvent channel, DateOnly eventDate, DateOnly? readOn, EboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (channel != BaseEvent.ElectronicNotice)
        {
            var first = DeadlineCalculator.FirstDay(channel, eventDate, out var article);
            var step = new ExplanationStep(StepKind.FirstDay, article, first);
            return new ReceiptResult(first, new Explanation(DeadlineSubject.CommunicationReceipt, channel, eventDate, LetterRuleId, [step], first));
        }

        var steps = new List<ExplanationStep>();
        DateOnly? byReading = options.CountFromReading && readOn is { } read && read >= eventDate ? read.AddDays(1) : null;
        DateOnly? deemed = options.DeemedReceivedAfterWorkingDays > 0
            ? BelgianCalendar.AddWorkingDays(eventDate, options.DeemedReceivedAfterWorkingDays)
            : null;
        DateOnly? firstDay;
        if (byReading is { } r && (deemed is not { } d || r <= d))
        {
            // Read before it would be deemed received: its reading counts (art. 52 by analogy: from the next day).
            steps.Add(new ExplanationStep(StepKind.EboxRead, EboxArticle, readOn!.Value));
            firstDay = r;
        }
        else if (deemed is { } day)
        {
            steps.Add(new ExplanationStep(StepKind.EboxDeemedReceived, EboxArticle, day, options.DeemedReceivedAfterWorkingDays, From: eventDate));
            firstDay = day;
        }
        else
        {
            steps.Add(new ExplanationStep(StepKind.EboxAwaitingReading, EboxArticle, eventDate));
            return new ReceiptResult(null, new Explanation(DeadlineSubject.CommunicationReceipt, channel, eventDate, EboxRuleId, steps, null));
        }

        steps.Add(new ExplanationStep(StepKind.FirstDay, EboxArticle, firstDay.Value));
        return new ReceiptResult(firstDay, new Explanation(DeadlineSubject.CommunicationReceipt, channel, eventDate, EboxRuleId, steps, firstDay));
    }
}
