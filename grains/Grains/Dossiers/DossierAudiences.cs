using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The rules of minimisation over a dossier's state, as pure functions: which timeline entries, key dates and
/// ledger references an office or ONSS sees. The table is in api/README.md (Minimisation).
/// </summary>
public static class DossierAudiences
{
    /// <summary>Deadlines that belong to one office's tenure (its acceptance, its service).</summary>
    private static readonly HashSet<string> OfficeDeadlines = new(StringComparer.Ordinal)
    {
        DossierReminders.AcceptanceDeadline, DossierReminders.ServiceDeadline,
    };

    private static readonly HashSet<string> DeadlineKinds = new(StringComparer.Ordinal)
    {
        JournalKinds.DeadlineSet, JournalKinds.DeadlineMoved, JournalKinds.DeadlineCancelled, JournalKinds.DeadlineReached,
    };

    /// <summary>
    /// Entries before the office's tenure that concern the dossier as a whole and name no office. Anything else
    /// before it (assignments, refusals, acceptances, acts and closures of earlier offices, escalations, manual
    /// decisions) is another office's or the Operators' business. A kind not listed is withheld by default.
    /// </summary>
    private static readonly HashSet<string> DossierKinds = new(StringComparer.Ordinal)
    {
        JournalKinds.Submitted, nameof(DossierCommand.BecomeExecutable), nameof(DossierCommand.RecordPayment),
        nameof(DossierCommand.GrantPaymentPlan), nameof(DossierCommand.EndPaymentPlan), nameof(DossierCommand.ReportOpposition),
        nameof(DossierCommand.RecordJudgment),
    };

    /// <summary>Within the office's own tenure, still not its business.</summary>
    private static readonly HashSet<string> InternalKinds = new(StringComparer.Ordinal)
    {
        JournalKinds.Escalated, nameof(DossierCommand.RequireManualDecision),
    };

    /// <summary>
    /// The timeline as <paramref name="officeId"/> reads it. Its tenure starts at the entry of its assignment (an
    /// office that left a dossier is excluded from it for good, so a tenure is one unbroken run of entries);
    /// that entry reads "assigned to office X" (the dispatcher's reasoning, loads and counts, stays with the
    /// Operators). Before the tenure, only the entries that concern the dossier as a whole.
    /// </summary>
    public static IEnumerable<TimelineRecord> TimelineForOffice(IReadOnlyList<TimelineRecord> timeline, string officeId)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var start = timeline.Count;
        for (var i = timeline.Count - 1; i >= 0; i--)
        {
            var t = timeline[i];
            if (t.Status == DossierStatus.Assigned && t.Kind is nameof(DossierCommand.Assign) or nameof(DossierCommand.Reassign))
            {
                start = i;
                break;
            }
        }

        for (var i = 0; i < timeline.Count; i++)
        {
            var t = timeline[i];
            if (i == start)
            {
                yield return t with { Detail = $"assigned to office {officeId}" };
            }
            else if (i > start ? !InternalKinds.Contains(t.Kind) : IsAboutTheDossier(t))
            {
                yield return t;
            }
        }
    }

    private static bool IsAboutTheDossier(TimelineRecord t) =>
        DossierKinds.Contains(t.Kind) || (DeadlineKinds.Contains(t.Kind) && t.Deadline is { } d && !OfficeDeadlines.Contains(d.Name));

    /// <summary>
    /// The timeline as ONSS reads it: a refusal keeps the office and the return to dispatch but not its reason
    /// (the reason and the note are the office's); an escalation about an office's performance (a service
    /// deadline missed) is the concessionaire's own business.
    /// </summary>
    public static IEnumerable<TimelineRecord> TimelineForOnss(IReadOnlyList<TimelineRecord> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        foreach (var t in timeline)
        {
            if (t.Kind == JournalKinds.Escalated && t.Detail.StartsWith($"{EscalationKind.ServiceDeadlineMissed}:", StringComparison.Ordinal))
            {
                continue;
            }

            yield return t.Kind == nameof(DossierCommand.Refuse) ? t with { Detail = WithoutReason(t.Detail) } : t;
        }
    }

    // "refused by office X (Reason); back to dispatch without it" -> "refused by office X; back to dispatch without it".
    private static string WithoutReason(string detail)
    {
        var close = detail.LastIndexOf("); back to dispatch", StringComparison.Ordinal);
        var open = close < 0 ? -1 : detail.LastIndexOf(" (", close, StringComparison.Ordinal);
        return open < 0 ? "refused by the office; back to dispatch without it" : detail[..open] + detail[(close + 1)..];
    }

    /// <summary>An office's own acceptance and service deadlines; an earlier office's (reached ones stay in the state) are withheld.</summary>
    public static IEnumerable<KeyDate> KeyDatesForOffice(DossierState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.KeyDates.Values
            .Where(k => !OfficeDeadlines.Contains(k.Name) || (state.AssignedAt is { } at && k.DueAt >= at))
            .OrderBy(k => k.DueAt);
    }

    /// <summary>The amounts as an office reads them: the charge of an earlier office's service keeps its amount, not its act reference.</summary>
    public static AmountsView AmountsForOffice(AmountsView amounts, ServiceRecord? service, string officeId)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        if (service is null || service.OfficeId == officeId)
        {
            return amounts;
        }

        return amounts with
        {
            Entries = [.. amounts.Entries.Select(e => e.Reference?.StartsWith("service:", StringComparison.Ordinal) == true ? e with { Reference = "service" } : e)],
        };
    }
}
