using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain;

// Delivery attempts (woken by the dossier's reminder), acknowledgements, and the deadlines a receipt starts.
public sealed partial class DossierModel
{
    /// <summary>Handles the wake-ups of communications and of the formal-notice wait; false for any other.</summary>
    private async Task<bool> CommunicationReminderAsync(ReminderTick tick)
    {
        if (tick.Name == FormalNoticeWaitDate)
        {
            if (IsDue(tick.Name))
            {
                MarkReached(tick.Name);
            }

            return true;
        }

        if (!tick.Name.StartsWith(CommunicationWakePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var id = tick.Name[CommunicationWakePrefix.Length..];
        var c = State.Communications.FirstOrDefault(x => x.Id == id);
        // Re-checked: retried, abandoned or trimmed since the wake-up was set, or not due yet (a duplicate wake).
        if (c is null || c.Status != CommunicationStatus.Pending || c.NextAttemptAt > Now)
        {
            if (c is { Status: CommunicationStatus.Pending, NextAttemptAt: { } at })
            {
                Context.SetReminder(tick.Name, at);
            }

            return true;
        }

        await AttemptAsync(c);
        return true;
    }

    private async Task AttemptAsync(CommunicationRecord c)
    {
        var envelope = await UnsealAsync<CommunicationEnvelope>(c.SealedEnvelope);
        if (envelope is null)
        {
            Fail(c with { Attempts = c.Attempts + 1, LastError = "content-unavailable" });
            return;
        }

        var message = new OutgoingMessage(Key, c.Id, State.Reference, c.Kind, c.Channel, envelope.Recipient, envelope.Subject, envelope.Body, c.Attempts + 1);
        DeliveryResult result;
        try
        {
            result = await Communications.Delivery.SendAsync(message, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only the exception's type: its message may quote the channel's answer.
            result = DeliveryResult.Transient(e.GetType().Name);
        }

        var attempted = c with { Attempts = c.Attempts + 1 };
        if (result.Accepted)
        {
            var sent = Replace(attempted with { Status = CommunicationStatus.Sent, SentAt = Now, NextAttemptAt = null, LastError = null, SealedEnvelope = null });
            Record(sent, CommunicationJournal.Sent, $"handed to the {(c.Channel == NoticeChannel.EBox ? "eBox" : "postal service")} at attempt {sent.Attempts}");
            // A plain registered letter runs from its posting (art. 53bis 2°): its deadlines are known now.
            ApplyReceipt(sent);
            return;
        }

        var failed = attempted with { LastError = result.Error ?? "failed" };
        if (result.Permanent || failed.Attempts >= CommunicationLimits.MaxAttempts)
        {
            Fail(failed);
            return;
        }

        var next = Now + CommunicationLimits.Backoff(failed.Attempts);
        Replace(failed with { NextAttemptAt = next });
        Context.SetReminder(WakeName(c.Id), next);
        Record(failed, CommunicationJournal.AttemptFailed, $"attempt {failed.Attempts} failed ({failed.LastError}); next at {next:u}");
    }

    private void Fail(CommunicationRecord c)
    {
        var failed = Replace(c with { Status = CommunicationStatus.Failed, NextAttemptAt = null });
        Context.CancelReminder(WakeName(c.Id));
        Record(failed, CommunicationJournal.Failed, $"failed after {failed.Attempts} attempt(s) ({failed.LastError}): an operator may retry or abandon it");
    }

    /// <summary>
    /// The channel reports a delivery or a reading. The first report of each kind counts; the same report again
    /// changes nothing. A registered letter is presented (Delivered), never read.
    /// </summary>
    public Task<CommunicationView> AcknowledgeCommunicationAsync(string communicationId, CommunicationAcknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var c = Find(communicationId);
        Check(Enum.IsDefined(acknowledgement.Kind), "kind", $"Unknown acknowledgement {acknowledgement.Kind}.");
        Check(acknowledgement.Kind == AcknowledgementKind.Delivered || c.Channel == NoticeChannel.EBox, "kind",
            "A registered letter is presented, not read: acknowledge it as Delivered.");
        if (c.SentAt is not { } sentAt)
        {
            throw new CommunicationStateException("communication-not-sent", $"Communication {c.Id} is {c.Status}: it was never sent.");
        }

        var at = acknowledgement.At.ToUniversalTime();
        Check(at >= sentAt, "at", $"A communication cannot be delivered or read before it was sent ({sentAt:u}).");
        // A little skew between the channel's clock and ours is tolerated, not a date in the future.
        Check(at <= Now + TimeSpan.FromMinutes(5), "at", "The acknowledgement is dated in the future.");

        var changed = acknowledgement.Kind switch
        {
            AcknowledgementKind.Delivered when c.DeliveredAt is null =>
                c with { DeliveredAt = at, Status = c.Status == CommunicationStatus.Read ? CommunicationStatus.Read : CommunicationStatus.Delivered },
            AcknowledgementKind.Read when c.ReadAt is null => c with { ReadAt = at, DeliveredAt = c.DeliveredAt ?? at, Status = CommunicationStatus.Read },
            _ => null,
        };
        if (changed is null)
        {
            return Task.FromResult(c.ToView());
        }

        var saved = Replace(changed);
        Record(saved, CommunicationJournal.Acknowledged, $"{acknowledgement.Kind.ToString().ToLowerInvariant()} on {clock.Today(at):yyyy-MM-dd}");
        saved = ApplyReceipt(saved);
        return Task.FromResult(saved.ToView());
    }

    /// <summary>
    /// The first day of the deadlines the communication starts, from the dates known so far (art. 53bis for letters,
    /// the eBox rule of LEGAL.md §10 for eBox messages); a formal notice starts its one-month wait from it.
    /// </summary>
    private CommunicationRecord ApplyReceipt(CommunicationRecord c)
    {
        var (baseEvent, on, read) = c.Channel switch
        {
            NoticeChannel.RegisteredLetter => (BaseEvent.RegisteredLetter, c.SentAt, null),
            NoticeChannel.RegisteredLetterWithAcknowledgement => (BaseEvent.RegisteredLetterWithAcknowledgement, c.DeliveredAt, null),
            _ => (BaseEvent.ElectronicNotice, c.DeliveredAt, c.ReadAt),
        };
        if (on is not { } eventAt)
        {
            return c;
        }

        var eventDate = clock.Today(eventAt);
        DateOnly? readOn = read is { } r ? clock.Today(r) : null;
        var receipt = law.Receipt(baseEvent, eventDate, readOn);
        var e = receipt.Explanation;
        if (receipt.FirstDay == c.RunsFrom && e.RuleVersionId == c.RuleId && c.French is not null)
        {
            return c;
        }

        var previous = c.RunsFrom;
        var updated = Replace(c with { RunsFrom = receipt.FirstDay, RuleId = e.RuleVersionId, French = e.French, Dutch = e.Dutch });
        Context.Journal(CommunicationJournal.Received, new { communicationId = c.Id, runsFrom = receipt.FirstDay, ruleId = e.RuleVersionId });
        State.AddTimeline(new TimelineRecord(Now, CommunicationJournal.Received, State.Status,
            $"communication {c.Id} ({c.Kind}, {c.Channel}): deadlines run from {receipt.FirstDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "(not yet)"}",
            new TimelineDeadline(WakeName(c.Id), receipt.FirstDay, previous, e.RuleVersionId, e.French, e.Dutch)));

        if (c.Kind == CommunicationKind.FormalNotice && !State.HasOutcome
            && law.FormalNoticeAfterReceipt(baseEvent, eventDate, readOn) is { WaitLastDay: { } last } notice)
        {
            var n = notice.Explanation;
            SetDeadline(new KeyDate(FormalNoticeWaitDate, last, clock.EndOf(last), n.RuleVersionId, n.French, n.Dutch));
        }

        return updated;
    }
}
