using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

// Communications with the debtor: the outbox of the dossier (LEGAL.md §10 eBox, art. 53bis Judicial Code).
// Commands here; delivery, acknowledgements and deadlines in DossierModel.CommunicationDelivery.cs.
public sealed partial class DossierModel
{
    /// <summary>Wake-ups of communications are named <c>communication:{id}</c>.</summary>
    public const string CommunicationWakePrefix = "communication:";

    /// <summary>The key date of the formal-notice wait counted from the notice's receipt.</summary>
    public const string FormalNoticeWaitDate = "formal-notice-wait";

    /// <summary>Delivery adapter and bounds; the grain sets them, a model built without them cannot deliver.</summary>
    public CommunicationServices Communications { get; init; } = CommunicationServices.Unconfigured;

    private CommunicationOptions CommunicationLimits => Communications.Options;

    /// <summary>An Operator's communication: validated, sealed, queued for an attempt now. Returns its id.</summary>
    public async Task<string> CreateCommunicationAsync(CommunicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireExists();
        Check(Enum.IsDefined(request.Kind), "kind", $"Unknown communication kind {request.Kind}.");
        Check(!string.IsNullOrWhiteSpace(request.Subject), "subject", "The subject is required.");
        Check(!string.IsNullOrWhiteSpace(request.Body), "body", "The text is required.");
        Check(request.Subject.Length <= InputLimits.NameLength, "subject", $"At most {InputLimits.NameLength} characters.");
        Check(request.Body.Length <= InputLimits.MessageBodyLength, "body", $"At most {InputLimits.MessageBodyLength} characters.");
        RequireCommunicable();
        var record = await QueueAsync(request.Kind, "operator", request.Subject.Trim(), request.Body.Trim());
        return record.Id;
    }

    /// <summary>The communications, newest first.</summary>
    public Task<IReadOnlyList<CommunicationView>> GetCommunicationsAsync()
    {
        RequireExists();
        IReadOnlyList<CommunicationView> views = [.. State.Communications.AsEnumerable().Reverse().Select(c => c.ToView())];
        return Task.FromResult(views);
    }

    /// <summary>One communication.</summary>
    public Task<CommunicationView> GetCommunicationAsync(string communicationId) => Task.FromResult(Find(communicationId).ToView());

    /// <summary>A failed communication is queued again, its attempts counted anew.</summary>
    public Task<CommunicationView> RetryCommunicationAsync(string communicationId)
    {
        var c = Find(communicationId);
        if (c.Status != CommunicationStatus.Failed)
        {
            throw new CommunicationStateException("communication-not-failed", $"Only a failed communication is retried; {c.Id} is {c.Status}.");
        }

        RequireCommunicable();
        var queued = Replace(c with { Status = CommunicationStatus.Pending, Attempts = 0, NextAttemptAt = Now });
        Context.SetReminder(WakeName(c.Id), Now);
        Record(queued, "communication-retried", "queued again by an operator");
        return Task.FromResult(queued.ToView());
    }

    /// <summary>A failed or pending communication is given up; its content leaves the state.</summary>
    public Task<CommunicationView> AbandonCommunicationAsync(string communicationId)
    {
        var c = Find(communicationId);
        if (!c.IsOpen)
        {
            throw new CommunicationStateException("communication-finished", $"Communication {c.Id} is {c.Status}: there is nothing to abandon.");
        }

        Context.CancelReminder(WakeName(c.Id));
        var abandoned = Replace(c with { Status = CommunicationStatus.Abandoned, NextAttemptAt = null, SealedEnvelope = null });
        Record(abandoned, "communication-abandoned", "abandoned by an operator");
        return Task.FromResult(abandoned.ToView());
    }

    /// <summary>
    /// A notice the procedure calls for (service, execution step, payment plan). It never blocks the step that
    /// calls it: without personal data, or with too many communications open, it is journalled as skipped.
    /// </summary>
    private async Task QueueProcedureNoticeAsync(CommunicationKind kind, DateOnly date, string? detail = null)
    {
        if (!CommunicationLimits.ProcedureNotices)
        {
            return;
        }

        if (State.PersonalDataPurged || State.SealedPersonalData is null || OpenCommunications >= CommunicationLimits.MaxOpen)
        {
            Context.Journal(CommunicationJournal.Skipped, new { kind = kind.ToString(), open = OpenCommunications });
            return;
        }

        await QueueAsync(kind, "procedure", CommunicationTexts.Subject(kind, State.Reference), CommunicationTexts.Body(kind, State.Reference, date, detail));
    }

    private int OpenCommunications => State.Communications.Count(c => c.IsOpen);

    private void RequireCommunicable()
    {
        if (State.PersonalDataPurged || State.SealedPersonalData is null)
        {
            throw new CommunicationStateException("personal-data-purged", "The dossier's personal data is destroyed: it has no recipient any more.");
        }

        if (OpenCommunications >= CommunicationLimits.MaxOpen)
        {
            throw new CommunicationStateException("too-many-open-communications",
                $"The dossier has {OpenCommunications} communications pending or failed (at most {CommunicationLimits.MaxOpen}): retry or abandon one first.");
        }
    }

    private async Task<CommunicationRecord> QueueAsync(CommunicationKind kind, string origin, string subject, string body)
    {
        var personal = await UnsealAsync<DebtorPersonalData>(State.SealedPersonalData)
            ?? throw new CommunicationStateException("personal-data-purged", "The dossier's personal data cannot be read: it has no recipient.");
        var debtor = personal.Debtor;
        var enterprise = EnterpriseOf(debtor);
        // Law of 24 February 2003, art. 4/2-4/3: an enterprise is reached in its eBox; anyone else by registered letter.
        var channel = enterprise is not null || debtor.Kind == PersonKind.Legal ? NoticeChannel.EBox
            : CommunicationLimits.LettersWithAcknowledgement ? NoticeChannel.RegisteredLetterWithAcknowledgement : NoticeChannel.RegisteredLetter;
        var name = string.IsNullOrWhiteSpace(debtor.FirstNames) ? debtor.Name : $"{debtor.FirstNames} {debtor.Name}";
        var envelope = new CommunicationEnvelope(new Recipient(name, enterprise, debtor.Address), subject, body);
        var sealedEnvelope = await vault.SealAsync(Key, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(envelope, DossierIntake.PersonalDataJson));

        State.CommunicationSeq++;
        var record = new CommunicationRecord($"C{State.CommunicationSeq}", kind, channel, origin, Now)
        {
            NextAttemptAt = Now,
            SealedEnvelope = sealedEnvelope,
        };
        State.Communications.Add(record);
        Context.SetReminder(WakeName(record.Id), Now);
        Record(record, CommunicationJournal.Queued, $"{kind} queued by {origin} ({channel})");
        TrimCommunications();
        return record;
    }

    /// <summary>A legal person's number, or a natural person's when the title names them by their enterprise (a sole trader).</summary>
    private static string? EnterpriseOf(DebtorSubmission debtor)
    {
        var check = EnterpriseNumber.Validate(debtor.Identifier);
        return check.IsValid ? check.Normalized : null;
    }

    /// <summary>Keeps the state small: the oldest finished communications leave it (their history is in the journal and timeline).</summary>
    private void TrimCommunications()
    {
        while (State.Communications.Count > CommunicationLimits.MaxKept && State.Communications.FindIndex(c => !c.IsOpen) is var i and >= 0)
        {
            State.Communications.RemoveAt(i);
        }
    }

    /// <summary>Destruction of personal data: no content stays, nothing more is sent.</summary>
    private void PurgeCommunications()
    {
        foreach (var c in State.Communications.Where(c => c.IsOpen).ToList())
        {
            Context.CancelReminder(WakeName(c.Id));
        }

        State.Communications = [.. State.Communications.Select(c => c.IsOpen
            ? c with { Status = CommunicationStatus.Abandoned, NextAttemptAt = null, SealedEnvelope = null, LastError = "personal-data-purged" }
            : c with { SealedEnvelope = null })];
    }

    private CommunicationRecord Find(string communicationId)
    {
        RequireExists();
        return State.Communications.FirstOrDefault(c => string.Equals(c.Id, communicationId, StringComparison.Ordinal))
            ?? throw new CommunicationNotFoundException(Key, communicationId ?? "");
    }

    private CommunicationRecord Replace(CommunicationRecord changed)
    {
        var i = State.Communications.FindIndex(c => c.Id == changed.Id);
        State.Communications[i] = changed;
        State.LastChangedAt = Now;
        return changed;
    }

    /// <summary>A journal entry and a timeline entry for a step of a communication (no personal data in either).</summary>
    private void Record(CommunicationRecord c, string kind, string detail)
    {
        Context.Journal(kind, new { communicationId = c.Id, kind = c.Kind.ToString(), channel = c.Channel.ToString(), status = c.Status.ToString(), attempts = c.Attempts, error = c.LastError });
        State.AddTimeline(new TimelineRecord(Now, kind, State.Status, $"communication {c.Id}: {detail}"));
    }

    private static string WakeName(string communicationId) => CommunicationWakePrefix + communicationId;
}

/// <summary>Journal and timeline kinds of communications (no personal data).</summary>
public static class CommunicationJournal
{
    public const string Queued = "communication-queued";
    public const string Sent = "communication-sent";
    public const string AttemptFailed = "communication-attempt-failed";
    public const string Failed = "communication-failed";
    public const string Acknowledged = "communication-acknowledged";
    public const string Received = "communication-received";
    public const string Skipped = "communication-skipped";
}
