using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

public class DeadlineTimelineTests
{
    private static IEnumerable<TimelineRecord> Of(DossierHarness d, string kind, string name) =>
        d.State.PendingTimeline.Where(t => t.Kind == kind && t.Deadline?.Name == name);

    [Fact]
    public async Task the_prescription_dates_set_at_intake_are_in_the_timeline_with_their_explanation()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var prescription = Assert.Single(Of(d, JournalKinds.DeadlineSet, DossierReminders.Prescription)).Deadline!;
        Assert.Equal(d.State.KeyDates[DossierReminders.Prescription].Date, prescription.Date);
        Assert.StartsWith("Prescription", prescription.French, StringComparison.Ordinal);
        Assert.StartsWith("Verjaring", prescription.Dutch, StringComparison.Ordinal);
        Assert.Single(Of(d, JournalKinds.DeadlineSet, DossierReminders.PrescriptionWarning));
    }

    [Fact]
    public async Task a_service_puts_the_opposition_window_and_the_executable_day_in_the_timeline_and_moves_the_prescription()
    {
        var d = TestData.NewDossier();
        var before = (await SubmittedPrescription(d)).Date;
        await d.Served();

        var opposition = Assert.Single(Of(d, JournalKinds.DeadlineSet, DossierReminders.OppositionWindowEnd)).Deadline!;
        Assert.Equal(new DateOnly(2025, 4, 22), opposition.Date); // 20 March + 1 month = 20 April (Easter Sunday) -> Easter Monday -> Tuesday 22 April
        Assert.Contains("Délai d'opposition : signification le 20 mars 2025", opposition.French, StringComparison.Ordinal);
        Assert.Contains("Verzettermijn: betekening op 20 maart 2025", opposition.Dutch, StringComparison.Ordinal);
        Assert.Equal("opposition-one-month-2019", opposition.RuleId);

        Assert.Single(Of(d, JournalKinds.DeadlineSet, DossierReminders.Executable));
        Assert.Single(Of(d, JournalKinds.DeadlineCancelled, DossierReminders.ServiceDeadline));
        var moved = Assert.Single(Of(d, JournalKinds.DeadlineMoved, DossierReminders.Prescription)).Deadline!;
        Assert.Equal(before, moved.PreviousDate);
        Assert.Equal(d.State.KeyDates[DossierReminders.Prescription].Date, moved.Date);
        Assert.NotEqual(moved.PreviousDate, moved.Date);
    }

    [Fact]
    public async Task a_deadline_reached_is_in_the_timeline()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        var reached = Assert.Single(Of(d, JournalKinds.DeadlineReached, DossierReminders.Executable)).Deadline!;
        Assert.Equal(new DateOnly(2025, 3, 22), reached.Date);
        Assert.Contains("Commandement de payer", reached.French, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_opposition_puts_the_suspended_prescription_in_the_timeline_and_the_judgment_sets_it_again()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportOppositionAsync(null, new OppositionReport(OppositionKind.Summons, new DateOnly(2025, 4, 1), "Tribunal du travail de Liège")));

        var suspended = Assert.Single(Of(d, JournalKinds.DeadlineCancelled, DossierReminders.Prescription)).Deadline!;
        Assert.Null(suspended.Date);
        Assert.NotNull(suspended.PreviousDate);
        Assert.Contains("suspendue depuis le 1er avril 2025", suspended.French, StringComparison.Ordinal);
        Assert.Contains("geschorst sinds 1 april 2025", suspended.Dutch, StringComparison.Ordinal);

        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 6, 10))));
        var again = Of(d, JournalKinds.DeadlineSet, DossierReminders.Prescription).Last().Deadline!;
        Assert.Equal(d.State.KeyDates[DossierReminders.Prescription].Date, again.Date);
        Assert.Contains("suspendue pendant l'opposition du 1er avril 2025 au 10 juin 2025", again.French, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_reassignment_cancels_the_old_acceptance_deadline_and_sets_the_new_one_in_the_timeline()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "x"));
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 11, 9, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReassignAsync(new OfficeFacts("office-2", "liege", BailiffStatus.Active), "overloaded"));

        Assert.Single(Of(d, JournalKinds.DeadlineCancelled, DossierReminders.AcceptanceDeadline));
        Assert.Equal(2, Of(d, JournalKinds.DeadlineSet, DossierReminders.AcceptanceDeadline).Count());
    }

    [Fact]
    public async Task a_recomputation_that_changes_no_date_adds_nothing_to_the_timeline()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.AttachDocumentAsync("office-1", new DocumentUpload("doc-1", DocumentKind.CentralFileExtract, "application/pdf", 10, new string('a', 64))));
        var count = d.State.PendingTimeline.Count(t => t.Deadline is not null);
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(1_000, new DateOnly(2025, 3, 25), PaymentSource.Onss, "P-1")));
        Assert.Equal(count, d.State.PendingTimeline.Count(t => t.Deadline is not null));
    }

    [Fact]
    public async Task the_view_serves_each_deadline_entry_with_its_explanation()
    {
        var d = TestData.NewDossier();
        await d.Served();
        var view = await d.View();
        var entry = Assert.Single(view.Timeline, t => t.Kind == JournalKinds.DeadlineSet && t.Deadline?.Name == DossierReminders.OppositionWindowEnd);
        Assert.Equal(new DateOnly(2025, 4, 22), entry.Deadline!.Date);
        Assert.False(string.IsNullOrEmpty(entry.Deadline.French));
        Assert.False(string.IsNullOrEmpty(entry.Deadline.Dutch));
        Assert.All(view.Timeline.Where(t => t.Kind.StartsWith("deadline-", StringComparison.Ordinal)), t => Assert.NotNull(t.Deadline));
    }

    private static async Task<KeyDate> SubmittedPrescription(DossierHarness d)
    {
        await d.Submitted();
        return d.State.KeyDates[DossierReminders.Prescription];
    }
}
