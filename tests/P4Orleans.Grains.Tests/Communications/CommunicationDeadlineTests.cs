using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests.Communications;

/// <summary>Delivery and reading dates feed the deadlines: art. 53bis for letters, the eBox rule for eBox messages.</summary>
public sealed class CommunicationDeadlineTests
{
    [Fact]
    public async Task a_formal_notice_presented_on_a_friday_starts_its_month_on_the_saturday()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        var sent = await h.Sent();
        Assert.Null(sent.RunsFrom);
        Assert.DoesNotContain(DossierModel.FormalNoticeWaitDate, h.State.KeyDates.Keys);

        h.Grain.Time.SetTo(CommunicationHarness.Morning("2025-03-17"));
        // Presented Friday 14 March 2025: first day Saturday 15 March, + 1 month = 15 April, last day Monday 14 April.
        var ack = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, CommunicationHarness.Morning("2025-03-14"));
        Assert.Equal(new DateOnly(2025, 3, 15), ack.RunsFrom);
        Assert.Contains("art. 53bis 1°", ack.French!, StringComparison.Ordinal);
        Assert.Contains("Ger.W.", ack.Dutch!, StringComparison.Ordinal);
        var wait = h.State.KeyDates[DossierModel.FormalNoticeWaitDate];
        Assert.Equal(new DateOnly(2025, 4, 14), wait.Date);
        Assert.Equal("formal-notice-one-month-2019", wait.RuleId);
        Assert.Contains("contrainte possible à partir du mardi 15 avril 2025", h.Texts[wait.Name].French, StringComparison.Ordinal);
        Assert.Equal(wait.DueAt, h.Grain.Reminders[DossierModel.FormalNoticeWaitDate]);

        // The wait ends: the date is reached, in the timeline.
        await h.Grain.FireAsync(DossierModel.FormalNoticeWaitDate);
        Assert.True(h.State.KeyDates[DossierModel.FormalNoticeWaitDate].Reached);
    }

    [Fact]
    public async Task a_plain_registered_letter_runs_from_the_third_working_day_after_it_was_posted()
    {
        var h = new CommunicationHarness(new CommunicationOptions { LettersWithAcknowledgement = false });
        await h.Submitted();
        // Posted (handed to the postal service) on Monday 10 March 2025: the third working day is Thursday 13 March.
        var sent = await h.Sent();
        Assert.Equal(new DateOnly(2025, 3, 13), sent.RunsFrom);
        Assert.Equal(new DateOnly(2025, 4, 14), h.State.KeyDates[DossierModel.FormalNoticeWaitDate].Date); // 12 April is a Saturday
    }

    [Fact]
    public async Task an_ebox_notice_is_deemed_received_and_a_reading_before_that_moves_its_deadline_earlier()
    {
        var h = new CommunicationHarness();
        await h.Submitted(CommunicationHarness.Enterprise());
        var sent = await h.Sent();
        // Made available Monday 10 March 2025: deemed received Thursday 13 March; 13 April + the day before = Saturday 12 April -> Monday 14.
        var delivered = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, h.Grain.Time.GetUtcNow());
        Assert.Equal(new DateOnly(2025, 3, 13), delivered.RunsFrom);
        Assert.Contains("réputé reçu", delivered.French!, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2025, 4, 14), h.State.KeyDates[DossierModel.FormalNoticeWaitDate].Date);

        // Read Tuesday 11 March: first day 12 March, last day Friday 11 April.
        h.Grain.Time.SetTo(CommunicationHarness.Morning("2025-03-11"));
        var read = await h.Ack(sent.CommunicationId, AcknowledgementKind.Read, CommunicationHarness.Morning("2025-03-11"));
        Assert.Equal(new DateOnly(2025, 3, 12), read.RunsFrom);
        Assert.Contains("lu dans l'eBox", read.French!, StringComparison.Ordinal);
        Assert.Contains("gelezen in de eBox", read.Dutch!, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2025, 4, 11), h.State.KeyDates[DossierModel.FormalNoticeWaitDate].Date);
        Assert.Contains(h.State.PendingTimeline, t => t.Kind == "deadline-moved" || t.Deadline?.PreviousDate == new DateOnly(2025, 4, 14));
        Assert.Contains(h.State.PendingTimeline, t => t.Kind == CommunicationJournal.Received && t.Deadline?.PreviousDate == new DateOnly(2025, 3, 13));
    }

    [Fact]
    public async Task a_communication_other_than_a_formal_notice_records_when_it_runs_without_a_wait()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        var sent = await h.Sent(CommunicationKind.PaymentPlanLetter);
        var ack = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, h.Grain.Time.GetUtcNow());
        Assert.Equal(new DateOnly(2025, 3, 11), ack.RunsFrom);
        Assert.DoesNotContain(DossierModel.FormalNoticeWaitDate, h.State.KeyDates.Keys);
    }

    [Fact]
    public async Task the_date_of_law_of_an_acknowledgement_is_its_brussels_date()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        var sent = await h.Sent(CommunicationKind.PaymentPlanLetter);
        h.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 12, 12, 0, 0, TimeSpan.Zero));
        // 23:30 UTC on 10 March is 00:30 on 11 March in Brussels: presented on the 11th, first day the 12th.
        var ack = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2025, 3, 12), ack.RunsFrom);
    }
}
