using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests.Communications;

/// <summary>Attempts, back-off, the retry bound, retry and abandon, acknowledgements and the deadlines they start.</summary>
public sealed class CommunicationDeliveryTests
{
    private static readonly CommunicationOptions Quick = new() { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMinutes(1), MaxBackoff = TimeSpan.FromMinutes(3) };

    [Fact]
    public async Task failed_attempts_wait_twice_as_long_each_time_up_to_the_longest_wait_then_the_communication_fails()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted();
        h.Delivery.Answer(DeliveryResult.Transient("http-503"), DeliveryResult.Transient("timeout"), DeliveryResult.Transient("http-503"), DeliveryResult.Transient("network"));
        var t0 = h.Grain.Time.GetUtcNow();
        var id = await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", "Texte")));
        var waits = new List<TimeSpan>();
        var last = t0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await h.Grain.FireAsync("communication:" + id);
            var c = h.State.Communications[0];
            Assert.Equal(CommunicationStatus.Pending, c.Status);
            Assert.Equal(attempt, c.Attempts);
            waits.Add(c.NextAttemptAt!.Value - h.Grain.Time.GetUtcNow());
            Assert.Equal(c.NextAttemptAt, h.Grain.Reminders["communication:" + id]);
            last = c.NextAttemptAt.Value;
        }
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)], waits);

        await h.Grain.FireAsync("communication:" + id);
        var failed = h.State.Communications[0];
        Assert.Equal(CommunicationStatus.Failed, failed.Status);
        Assert.Equal(4, failed.Attempts);
        Assert.Equal("network", failed.LastError);
        Assert.Null(failed.NextAttemptAt);
        Assert.DoesNotContain("communication:" + id, h.Grain.Reminders.Keys);
        Assert.Equal(4, h.Delivery.Attempts.Count);
        Assert.Equal([1, 2, 3, 4], h.Delivery.Attempts.Select(a => a.Attempt));
        Assert.All(h.Delivery.Attempts, a => Assert.Equal("C1", a.CommunicationId));
        Assert.Single(h.Grain.JournalOf(CommunicationJournal.Failed));
        Assert.Equal(last, h.Grain.Time.GetUtcNow());
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(7, 320)]
    [InlineData(8, 360)] // 640 minutes capped at 6 hours
    [InlineData(40, 360)]
    public void the_wait_doubles_from_the_initial_one_and_never_exceeds_the_longest(int failed, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), new CommunicationOptions().Backoff(failed));

    [Fact]
    public async Task a_wake_before_the_next_attempt_is_due_attempts_nothing()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted();
        h.Delivery.Answer(DeliveryResult.Transient("http-503"));
        var id = await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", "Texte")));
        await h.Grain.FireAsync("communication:" + id);
        var due = h.State.Communications[0].NextAttemptAt!.Value;
        // A duplicate wake, early: nothing is sent and the wake-up stays where it was.
        h.Grain.Reminders.Remove("communication:" + id);
        await h.Grain.FireAtAsync("communication:" + id, h.Grain.Time.GetUtcNow());
        Assert.Single(h.Delivery.Attempts);
        Assert.Equal(due, h.Grain.Reminders["communication:" + id]);
    }

    [Fact]
    public async Task a_refusal_of_the_channel_fails_the_communication_at_once()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted(CommunicationHarness.Enterprise());
        h.Delivery.Answer(DeliveryResult.Refused("http-422"));
        var sent = await h.Sent();
        Assert.Equal(CommunicationStatus.Failed, sent.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal("http-422", sent.LastError);
    }

    [Fact]
    public async Task an_operator_retries_a_failed_communication_with_its_attempts_counted_anew_or_abandons_it()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted();
        h.Delivery.Answer(DeliveryResult.Refused("http-400"));
        var failed = await h.Sent();
        Assert.Equal(CommunicationStatus.Failed, failed.Status);

        var retried = await h.Grain.Turn(g => g.RetryCommunicationAsync(failed.CommunicationId));
        Assert.Equal(CommunicationStatus.Pending, retried.Status);
        Assert.Equal(0, retried.Attempts);
        await h.Grain.FireAsync("communication:" + failed.CommunicationId);
        var sent = await h.View(failed.CommunicationId);
        Assert.Equal(CommunicationStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal("Veuillez payer.", h.Delivery.Attempts[1].Body);

        var e = await Assert.ThrowsAsync<CommunicationStateException>(() => h.Grain.Turn(g => g.RetryCommunicationAsync(sent.CommunicationId)));
        Assert.Equal("communication-not-failed", e.Reason);
        var f = await Assert.ThrowsAsync<CommunicationStateException>(() => h.Grain.Turn(g => g.AbandonCommunicationAsync(sent.CommunicationId)));
        Assert.Equal("communication-finished", f.Reason);

        h.Delivery.Answer(DeliveryResult.Refused("http-400"));
        var other = await h.Sent();
        var abandoned = await h.Grain.Turn(g => g.AbandonCommunicationAsync(other.CommunicationId));
        Assert.Equal(CommunicationStatus.Abandoned, abandoned.Status);
        Assert.Null(h.State.Communications.Single(c => c.Id == other.CommunicationId).SealedEnvelope);
        await Assert.ThrowsAsync<CommunicationStateException>(() => h.Grain.Turn(g => g.RetryCommunicationAsync(other.CommunicationId)));
    }

    [Fact]
    public async Task a_pending_communication_may_be_abandoned_and_its_wake_up_goes()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted();
        var id = await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", "Texte")));
        await h.Grain.Turn(g => g.AbandonCommunicationAsync(id));
        Assert.DoesNotContain("communication:" + id, h.Grain.Reminders.Keys);
        Assert.Empty(h.Delivery.Attempts);
    }

    [Fact]
    public async Task an_acknowledgement_counts_once_and_the_same_one_again_changes_nothing()
    {
        var h = new CommunicationHarness();
        await h.Submitted(CommunicationHarness.Enterprise());
        var sent = await h.Sent();
        h.Grain.Time.SetTo(CommunicationHarness.Morning("2025-03-12"));
        var delivered = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, CommunicationHarness.Morning("2025-03-11"));
        Assert.Equal(CommunicationStatus.Delivered, delivered.Status);
        var state = h.Grain.StateJson;
        var journal = h.Grain.Journal.Count;
        var again = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, CommunicationHarness.Morning("2025-03-11"));
        var later = await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, CommunicationHarness.Morning("2025-03-12"));
        Assert.Equal(delivered, again);
        Assert.Equal(delivered, later);
        Assert.Equal(state, h.Grain.StateJson);
        Assert.Equal(journal, h.Grain.Journal.Count);

        var read = await h.Ack(sent.CommunicationId, AcknowledgementKind.Read, CommunicationHarness.Morning("2025-03-12"));
        Assert.Equal(CommunicationStatus.Read, read.Status);
        // A late delivery report does not take a read message back.
        Assert.Equal(CommunicationStatus.Read, (await h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, CommunicationHarness.Morning("2025-03-12"))).Status);
    }

    [Fact]
    public async Task a_reading_reported_first_counts_as_the_delivery_too()
    {
        var h = new CommunicationHarness();
        await h.Submitted(CommunicationHarness.Enterprise());
        var sent = await h.Sent();
        var read = await h.Ack(sent.CommunicationId, AcknowledgementKind.Read, h.Grain.Time.GetUtcNow());
        Assert.Equal(read.ReadAt, read.DeliveredAt);
        Assert.Equal(CommunicationStatus.Read, read.Status);
    }

    [Fact]
    public async Task acknowledgements_that_cannot_be_true_are_refused_and_leave_no_trace()
    {
        var h = new CommunicationHarness(Quick);
        await h.Submitted();
        var sent = await h.Sent();
        var before = h.Grain.StateJson;
        var now = h.Grain.Time.GetUtcNow();
        // A letter is presented, not read; nothing is delivered before it is sent, nor in the future.
        await Assert.ThrowsAsync<DossierValidationException>(() => h.Ack(sent.CommunicationId, AcknowledgementKind.Read, now));
        await Assert.ThrowsAsync<DossierValidationException>(() => h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, now.AddMinutes(-1)));
        await Assert.ThrowsAsync<DossierValidationException>(() => h.Ack(sent.CommunicationId, AcknowledgementKind.Delivered, now.AddHours(1)));
        await Assert.ThrowsAsync<DossierValidationException>(() => h.Ack(sent.CommunicationId, (AcknowledgementKind)7, now));
        Assert.Equal(before, h.Grain.StateJson);

        h.Delivery.Answer(DeliveryResult.Transient("http-503"));
        var pending = await h.Sent();
        var e = await Assert.ThrowsAsync<CommunicationStateException>(() => h.Ack(pending.CommunicationId, AcknowledgementKind.Delivered, now));
        Assert.Equal("communication-not-sent", e.Reason);
    }
}
