using System.Text.Json;
using P4Orleans.Contracts;
using P4Orleans.Law;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Service, opposition and judgment, seizures, documents.
public sealed partial class DossierModel
{
    private static readonly HashSet<string> DocumentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "image/tiff", "image/png", "image/jpeg",
    };

    /// <inheritdoc />
    public async Task ReportServiceAsync(string officeId, ServiceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireOffice(officeId);
        Require(ReportService);
        CheckActDate(report.Date, "date", AfterIssue, AfterAcceptance);
        Check(Enum.IsDefined(report.Mode), "mode", $"Unknown service mode {report.Mode}.");

        // Art. 40: the service carries a command to pay within 24 hours; the engine fixes when execution may start.
        var command = law.CommandToPay(report.Date);
        State.Service = new ServiceRecord(report.Date, report.Mode, await SealTextAsync(report.PersonMet), report.ActReference?.Trim(),
            officeId, command.ExecutableOn, command.ExecutableFromUtc);
        ClearDeadline(DossierReminders.ServiceDeadline, "served");
        SetDeadline(DossierDeadlines.Executable(command));

        // Opposition before the labour court lies against a contrainte (art. 40 §5), with art. 55 and art. 50 al. 2.
        if (State.TitleKind == TitleKind.Contrainte)
        {
            SetDeadline(DossierDeadlines.OppositionWindow(law.OppositionDeadline(report.Date, State.ResidenceGroup), clock));
        }

        ChargeAct(BailiffAct.ServiceOfContrainte, report.Date, $"service:{report.ActReference}");
        if (!(await LedgerEntriesAsync()).Any(e => e.Reference == FileFeeReference))
        {
            ChargeAct(BailiffAct.FileFee, report.Date, FileFeeReference);
        }

        RefreshPrescription();
        MoveTo(ReportService, DossierStatus.Served, $"served on {report.Date:yyyy-MM-dd} ({report.Mode}) by office {officeId}");
        var assignedOn = State.AssignedAt is { } at ? clock.Today(at) : report.Date;
        Context.Journal(JournalKinds.OfficeServed, new { officeId, assignedOn, servedOn = report.Date, daysToService = Math.Max(0, report.Date.DayNumber - assignedOn.DayNumber) });
        await QueueProcedureNoticeAsync(CommunicationKind.ServiceNotification, report.Date);
    }

    /// <inheritdoc />
    public Task ReportOppositionAsync(string? officeId, OppositionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (officeId is not null)
        {
            RequireOffice(officeId);
        }

        Require(ReportOpposition);
        CheckActDate(report.FiledOn, "filedOn", AfterIssue, new NotBefore(State.Service?.Date, "service", "before-service"));
        Check(Enum.IsDefined(report.Kind), "kind", $"Unknown opposition kind {report.Kind}.");
        Check(!string.IsNullOrWhiteSpace(report.Court), "court", "The labour court is required.");

        var late = State.KeyDates.TryGetValue(DossierReminders.OppositionWindowEnd, out var window) && report.FiledOn > window.Date;
        State.Opposition = new OppositionRecord(report.Kind, report.FiledOn, report.Court.Trim(), State.Status);

        // Art. 40: opposition suspends execution and prescription; seizures already made keep a conservatory character.
        var converted = 0;
        for (var i = 0; i < State.Seizures.Count; i++)
        {
            if (State.Seizures[i].Nature == SeizureNature.Executory)
            {
                State.Seizures[i] = State.Seizures[i] with { Nature = SeizureNature.Conservatory };
                converted++;
            }
        }

        if (converted > 0)
        {
            Context.Journal(JournalKinds.SeizuresConservatory, new { count = converted, reason = "opposition" });
        }

        Context.Journal(JournalKinds.OppositionFiled, new { kind = report.Kind.ToString(), filedOn = report.FiledOn, court = report.Court.Trim(), late });
        ClearDeadline(DossierReminders.Executable, "the opposition suspends execution (art. 40)");
        RefreshPrescription();
        var detail = $"opposition ({report.Kind}) filed on {report.FiledOn:yyyy-MM-dd}" + (late ? $", after the window's last day {window!.Date:yyyy-MM-dd} (the court judges admissibility)" : "");
        MoveTo(ReportOpposition, DossierStatus.Opposed, detail);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RecordJudgmentAsync(JudgmentReport judgment)
    {
        ArgumentNullException.ThrowIfNull(judgment);
        Require(RecordJudgment);
        var opposition = State.Opposition!;
        CheckActDate(judgment.Date, "date", new NotBefore(opposition.FiledOn, "opposition's filing", "before-opposition"));
        Check(Enum.IsDefined(judgment.Outcome), "outcome", $"Unknown outcome {judgment.Outcome}.");
        var titleClaim = TitleChargedCents();
        if (judgment.Outcome == JudgmentOutcome.Reduced)
        {
            Check(judgment.ReducedToCents is > 0 && judgment.ReducedToCents < titleClaim, "reducedToCents",
                $"A reduction needs the new claim in cents, above 0 and below the title's {titleClaim}.");
        }
        else
        {
            Check(judgment.ReducedToCents is null, "reducedToCents", "Only a reduction gives an amount.");
        }

        State.Opposition = opposition with { Outcome = judgment.Outcome, JudgmentDate = judgment.Date, ReducedToCents = judgment.ReducedToCents };
        Context.Journal(JournalKinds.JudgmentRecorded, new { date = judgment.Date, outcome = judgment.Outcome.ToString(), reducedToCents = judgment.ReducedToCents });
        var detail = $"judgment of {judgment.Date:yyyy-MM-dd}: {judgment.Outcome}";
        if (judgment.Outcome == JudgmentOutcome.Annulled)
        {
            ReachOutcome(RecordJudgment, DossierStatus.Closed, $"{detail}; the title is annulled");
            return;
        }

        if (judgment.Outcome == JudgmentOutcome.Reduced)
        {
            await ReduceClaimAsync(judgment.ReducedToCents!.Value, judgment.Date);
            detail += $" to {judgment.ReducedToCents} cents";
            if (State.Ledger.BalanceCents == 0)
            {
                ReachOutcome(RecordJudgment, DossierStatus.Paid, $"{detail}; already paid in full");
                return;
            }
        }

        // The opposition dismissed, execution resumes: seizures it made conservatory regain their reported nature.
        for (var i = 0; i < State.Seizures.Count; i++)
        {
            State.Seizures[i] = State.Seizures[i] with { Nature = State.Seizures[i].ReportedNature };
        }

        RefreshPrescription();
        var target = ProcedureStatus();
        MoveTo(RecordJudgment, target, $"{detail}; execution resumes");
        AfterResume(target);
        return;
    }

    /// <inheritdoc />
    public async Task<string> ReportSeizureAsync(string officeId, SeizureReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireOffice(officeId);
        Require(ReportSeizure);
        Check(Enum.IsDefined(report.Kind), "kind", $"Unknown seizure kind {report.Kind}.");
        Check(Enum.IsDefined(report.Nature), "nature", $"Unknown seizure nature {report.Nature}.");
        Check(report.Assets is { Count: > 0 }, "assets", "List at least one asset seized.");
        Check(report.Assets!.All(a => !string.IsNullOrWhiteSpace(a.Description) && a.EstimatedValueCents is null or >= 0 and <= Money.MaxAmountCents), "assets",
            $"Each asset needs a description and an estimate from 0 to {Money.MaxAmountCents} cents.");
        var executable = State.Status is DossierStatus.Executable or DossierStatus.Seizure;
        Check(report.Nature == SeizureNature.Conservatory || executable, "nature",
            $"An executory seizure needs an executable title; while the dossier is {State.Status}, only a conservatory seizure.");
        if (report.Nature == SeizureNature.Executory)
        {
            // The executable day comes after the service, itself after the acceptance: the most precise reason first.
            CheckExecutoryDate(report.Date);
        }

        CheckActDate(report.Date, "date", AfterIssue, AfterAcceptance);

        var id = $"S{State.Seizures.Count + 1}";
        var assets = await vault.SealAsync(Key, JsonSerializer.SerializeToUtf8Bytes(report.Assets, DossierIntake.PersonalDataJson));
        var cost = ChargeAct(ActOf(report.Kind), report.Date, $"seizure:{id}");
        State.Seizures.Add(new SeizureRecord(id, report.Kind, report.Nature, report.Nature, report.Date, assets, report.Assets.Count, cost,
            report.ActReference?.Trim(), officeId));
        // The assets' descriptions are sealed: the journal keeps their number only.
        Context.Journal(JournalKinds.SeizureReported, new
        {
            seizureId = id, kind = report.Kind.ToString(), nature = report.Nature.ToString(), date = report.Date, assetCount = report.Assets.Count,
            costCents = cost, servedOn = State.Service?.Date, officeId,
        });
        RefreshPrescription();
        var target = report.Nature == SeizureNature.Executory ? DossierStatus.Seizure : State.Status;
        MoveTo(ReportSeizure, target, $"{report.Nature} seizure {id} ({report.Kind}) on {report.Date:yyyy-MM-dd}, {report.Assets.Count} asset(s)");
        await QueueProcedureNoticeAsync(CommunicationKind.ExecutionNotification, report.Date);
        return id;
    }

    /// <inheritdoc />
    public async Task AttachDocumentAsync(string? officeId, DocumentUpload document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (officeId is not null)
        {
            RequireOffice(officeId);
        }

        Require(AttachDocument);
        Check(!string.IsNullOrWhiteSpace(document.DocumentId), "documentId", "The document id is required.");
        Check(DocumentTypes.Contains(document.ContentType), "contentType", $"{document.ContentType} is not accepted (PDF, TIFF, PNG, JPEG).");
        Check(document.SizeBytes > 0, "sizeBytes", "The document is empty.");
        Check(document.Sha256 is { Length: 64 } && document.Sha256.All(char.IsAsciiHexDigit), "sha256", "The SHA-256 must be 64 hexadecimal digits.");
        var existing = (await DocumentsAsync()).FirstOrDefault(d => d.DocumentId == document.DocumentId);
        if (existing is not null)
        {
            Check(string.Equals(existing.Sha256, document.Sha256, StringComparison.OrdinalIgnoreCase), "documentId",
                $"Document {document.DocumentId} is already attached with other content.");
            return;
        }

        State.AddDocument(new DocumentRecord(document.DocumentId, document.Kind, document.ContentType.ToLowerInvariant(), document.SizeBytes,
            document.Sha256.ToLowerInvariant(), Now, officeId));
        Context.Journal(JournalKinds.DocumentAttached, new
        {
            documentId = document.DocumentId,
            kind = document.Kind.ToString(),
            contentType = document.ContentType,
            sizeBytes = document.SizeBytes,
            sha256 = document.Sha256,
            officeId,
        });
        MoveTo(AttachDocument, State.Status, $"document {document.DocumentId} ({document.Kind}) attached");
    }

    /// <summary>
    /// The dossier's documents: those its host stored apart, then those the state still holds. Each is shown purged
    /// once the dossier's personal data is (the purge marks them all).
    /// </summary>
    private async Task<IReadOnlyList<DocumentRecord>> DocumentsAsync()
    {
        var held = State.Documents;
        var stored = State.DocumentSeq - held.Count;
        IReadOnlyList<DocumentRecord> all = stored <= 0 ? held : [.. await timeline.ReadDocumentsAsync(Key, stored), .. held];
        return State.PersonalDataPurged ? [.. all.Select(d => d.Purged ? d : d with { Purged = true })] : all;
    }

    private static BailiffAct ActOf(SeizureKind kind) => kind switch
    {
        SeizureKind.Garnishment => BailiffAct.Garnishment,
        SeizureKind.RealEstate => BailiffAct.RealEstateSeizure,
        _ => BailiffAct.SeizureOfMovables,
    };
}
