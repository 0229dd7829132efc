using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

/// <summary>The minimisation rules over a timeline, on the entries the grain writes (texts as the grain words them).</summary>
public class AudienceTimelineTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static TimelineRecord Entry(string kind, DossierStatus status, string detail) => new(At, kind, status, detail);

    private static TimelineRecord Deadline(string kind, string name, string detail) =>
        new(At, kind, DossierStatus.Assigned, detail, new TimelineDeadline(name, new DateOnly(2026, 3, 5), null, "rule", "fr", "nl"));

    public static TheoryData<string, string> EarlierOfficeExits => new()
    {
        { nameof(DossierCommand.Refuse), "refused by office liege-alpha (ConflictOfInterest); back to dispatch without it" },
        { nameof(DossierCommand.MissAcceptance), "office liege-alpha did not accept by 2026-03-05 09:00:00Z; back to dispatch without it" },
        { nameof(DossierCommand.Reassign), "office liege-alpha Departed; back to dispatch" },
        { nameof(DossierCommand.Reassign), "reassigned by an Operator; back to dispatch" },
    };

    [Theory]
    [MemberData(nameof(EarlierOfficeExits))]
    public void an_office_reads_nothing_of_the_office_before_it_whatever_way_that_office_left(string exitKind, string exitDetail)
    {
        TimelineRecord[] timeline =
        [
            Entry(JournalKinds.Submitted, DossierStatus.AwaitingDispatch, "title ONSS-1 received; arrondissement liege"),
            Deadline(JournalKinds.DeadlineSet, DossierReminders.Prescription, "prescription: last day 2029-01-01 (rule)"),
            Entry(nameof(DossierCommand.Assign), DossierStatus.Assigned, "office liege-alpha: arrondissement Liège, load 0/10, lowest ratio among 2 eligible offices"),
            Deadline(JournalKinds.DeadlineSet, DossierReminders.AcceptanceDeadline, "acceptance-deadline: last day 2026-03-05 (rule)"),
            Entry(nameof(DossierCommand.Accept), DossierStatus.Accepted, "accepted by office liege-alpha"),
            Deadline(JournalKinds.DeadlineCancelled, DossierReminders.AcceptanceDeadline, "acceptance-deadline: no longer applies (accepted by office liege-alpha)"),
            Entry(nameof(DossierCommand.ReportService), DossierStatus.Served, "served on 2026-03-03 (InPerson) by office liege-alpha"),
            Deadline(JournalKinds.DeadlineSet, DossierReminders.Executable, "executable: last day 2026-03-04 (rule)"),
            Entry(nameof(DossierCommand.AttachDocument), DossierStatus.Served, "document 1234 (ServiceWrit) attached"),
            Entry(nameof(DossierCommand.CloseIntervention), DossierStatus.Served, "intervention of office liege-alpha closed"),
            Entry(JournalKinds.Escalated, DossierStatus.Served, "ServiceDeadlineMissed: not served by office liege-alpha within 30 days of acceptance"),
            Entry(exitKind, DossierStatus.AwaitingDispatch, exitDetail),
            Entry(nameof(DossierCommand.RequireManualDecision), DossierStatus.NeedsManualDecision, "manual decision: all-offices-excluded"),
            Entry(nameof(DossierCommand.RecordPayment), DossierStatus.NeedsManualDecision, "payment of 100 cents (Onss) on 2026-03-04; balance 900"),
            Entry(nameof(DossierCommand.Assign), DossierStatus.Assigned, "manual decision by an Operator: office liege-beta, arrondissement liege"),
            Deadline(JournalKinds.DeadlineSet, DossierReminders.AcceptanceDeadline, "acceptance-deadline: last day 2026-03-09 (rule)"),
            Entry(JournalKinds.Escalated, DossierStatus.Assigned, "PrescriptionNear: prescription on 2029-01-01"),
        ];

        var seen = DossierAudiences.TimelineForOffice(timeline, "liege-beta").ToList();

        Assert.All(seen, t => Assert.DoesNotContain("liege-alpha", t.Detail, StringComparison.Ordinal));
        Assert.Equal(
            [JournalKinds.Submitted, JournalKinds.DeadlineSet, JournalKinds.DeadlineSet, nameof(DossierCommand.RecordPayment), nameof(DossierCommand.Assign), JournalKinds.DeadlineSet],
            seen.Select(t => t.Kind));
        Assert.Equal("assigned to office liege-beta", seen[4].Detail);
        Assert.Equal([DossierReminders.Prescription, DossierReminders.Executable], seen.Take(3).Where(t => t.Deadline is not null).Select(t => t.Deadline!.Name));
    }

    [Fact]
    public void an_office_that_has_no_assignment_entry_reads_only_the_entries_about_the_dossier()
    {
        TimelineRecord[] timeline =
        [
            Entry(JournalKinds.Submitted, DossierStatus.AwaitingDispatch, "title ONSS-1 received; arrondissement liege"),
            Entry(nameof(DossierCommand.Accept), DossierStatus.Accepted, "accepted by office liege-alpha"),
            Entry("a-kind-added-later", DossierStatus.Accepted, "office liege-alpha did something"),
        ];

        Assert.Equal([JournalKinds.Submitted], DossierAudiences.TimelineForOffice(timeline, "liege-beta").Select(t => t.Kind));
    }

    [Theory]
    [InlineData("refused by office liege-alpha (ConflictOfInterest); back to dispatch without it", "refused by office liege-alpha; back to dispatch without it")]
    [InlineData("refused by office liege (old) (Capacity); back to dispatch without it", "refused by office liege (old); back to dispatch without it")]
    [InlineData("refused, worded otherwise", "refused by the office; back to dispatch without it")]
    public void onss_reads_a_refusal_without_its_reason(string detail, string expected)
    {
        var seen = Assert.Single(DossierAudiences.TimelineForOnss([Entry(nameof(DossierCommand.Refuse), DossierStatus.AwaitingDispatch, detail)]));
        Assert.Equal(expected, seen.Detail);
    }

    [Fact]
    public void onss_reads_the_escalations_about_its_claim_but_not_those_about_an_offices_performance()
    {
        TimelineRecord[] timeline =
        [
            Entry(JournalKinds.Escalated, DossierStatus.Accepted, "ServiceDeadlineMissed: not served by office liege-alpha within 30 days of acceptance"),
            Entry(JournalKinds.Escalated, DossierStatus.Accepted, "PrescriptionNear: prescription on 2029-01-01"),
            Entry(JournalKinds.Escalated, DossierStatus.Paid, "OverpaymentRefundDue: 5 cents paid beyond the debt on 2026-03-04; refund due"),
        ];

        Assert.Equal(timeline[1..], DossierAudiences.TimelineForOnss(timeline));
    }
}
