using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Judicial disputes besides the opposition: a third party's claim on seized goods, a dispute before the attachment
// judge, an appeal against the judgment on opposition. Which of them suspends execution while pending is
// configuration (DossierOptions, UNVERIFIED: LEGAL.md does not give it); what a decision does is in grains/README.md.
public sealed partial class DossierModel
{
    /// <summary>The latest hearing an Operator may fix, counted from today: further is a typing error.</summary>
    private const int MaxHearingDaysAhead = 3 * 366;

    /// <summary>Records a judicial dispute (Operators). Returns its id.</summary>
    public Task<string> RecordJudicialDisputeAsync(JudicialDisputeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireExists();
        Require(RaiseDispute);
        Check(Enum.IsDefined(report.Kind), "kind", $"Unknown kind {report.Kind}.");
        Check(!string.IsNullOrWhiteSpace(report.Court), "court", "The court is required.");
        var seizureIds = (report.SeizureIds ?? []).Select(id => id?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        Check(seizureIds.All(id => State.Seizures.Any(s => s.SeizureId == id)), "seizureIds",
            $"Name seizures of this dossier ({(State.Seizures.Count == 0 ? "it has none" : string.Join(", ", State.Seizures.Select(s => s.SeizureId)))}).");
        Check(report.Kind != JudicialDisputeKind.ThirdPartyClaim || seizureIds.Count > 0, "seizureIds", "A third party's claim names the seizures of its goods.");
        Check(report.Kind != JudicialDisputeKind.Appeal || seizureIds.Count == 0, "seizureIds", "An appeal concerns the judgment, not a seizure.");
        if (seizureIds.FirstOrDefault(State.Disputes.LiftedSeizureIds.Contains) is { } lifted)
        {
            throw new DisputeConflictException("seizure-lifted", $"Seizure {lifted} was already lifted.");
        }

        if (report.Kind == JudicialDisputeKind.Appeal)
        {
            if (State.Opposition is not { JudgmentDate: { } judged })
            {
                throw new DisputeConflictException("no-judgment", "An appeal needs the labour court's judgment on the opposition, and none is recorded.");
            }

            if (State.Disputes.Judicial.Any(j => j.Kind == JudicialDisputeKind.Appeal && j.Outcome is null))
            {
                throw new DisputeConflictException("appeal-pending", "An appeal against the judgment is already pending.");
            }

            CheckActDate(report.FiledOn, "filedOn", new NotBefore(judged, "judgment on the opposition", "before-judgment"));
        }
        else
        {
            CheckActDate(report.FiledOn, "filedOn", AfterIssue);
        }

        var suspends = report.Kind switch
        {
            JudicialDisputeKind.ThirdPartyClaim => options.ThirdPartyClaimSuspendsSale,
            JudicialDisputeKind.AttachmentJudge => options.AttachmentJudgeSuspendsExecution,
            _ => options.AppealSuspendsExecution,
        };
        var dispute = new JudicialDisputeRecord($"J{State.Disputes.Judicial.Count + 1}", report.Kind, report.Court.Trim(), report.FiledOn, seizureIds,
            [], suspends, Now);
        if (report.FirstHearing is { } hearing)
        {
            CheckHearing(dispute, hearing, "firstHearing");
            dispute = dispute with { Hearings = [hearing] };
        }

        State.Disputes.Judicial.Add(dispute);
        if (report.FirstHearing is { } first)
        {
            SetDeadline(DisputeDeadlines.Hearing(dispute, first, clock));
        }

        Context.Journal(DisputeJournalKinds.JudicialRecorded, new
        {
            disputeId = dispute.DisputeId,
            kind = DisputeDeadlines.KindCode(dispute.Kind),
            filedOn = dispute.FiledOn,
            seizureIds,
            suspendsExecution = suspends,
            firstHearing = report.FirstHearing,
        });
        var effect = (report.Kind, suspends) switch
        {
            (JudicialDisputeKind.ThirdPartyClaim, true) => $"; the goods of seizure(s) {string.Join(", ", seizureIds)} may not be sold while it is pending",
            (_, true) => "; execution suspended while it is pending",
            _ => "; execution goes on while it is pending",
        };
        MoveTo(RaiseDispute, State.Status, $"judicial dispute {dispute.DisputeId} ({DisputeDeadlines.KindCode(dispute.Kind)}) filed on {dispute.FiledOn:yyyy-MM-dd}{effect}");
        return Task.FromResult(dispute.DisputeId);
    }

    /// <summary>A hearing fixed or moved: the dispute's hearing date is set (or moved) to it.</summary>
    public Task RecordHearingAsync(string disputeId, HearingReport hearing)
    {
        ArgumentNullException.ThrowIfNull(hearing);
        var (index, dispute) = OpenJudicial(disputeId);
        Require(RaiseDispute);
        CheckHearing(dispute, hearing.Date, "date");
        dispute = dispute with { Hearings = [.. dispute.Hearings, hearing.Date] };
        State.Disputes.Judicial[index] = dispute;
        SetDeadline(DisputeDeadlines.Hearing(dispute, hearing.Date, clock));
        Context.Journal(DisputeJournalKinds.HearingSet, new { disputeId, date = hearing.Date, count = dispute.Hearings.Count });
        MoveTo(RaiseDispute, State.Status, $"judicial dispute {disputeId}: hearing on {hearing.Date:yyyy-MM-dd}");
        return Task.CompletedTask;
    }

    /// <summary>The court decided: the effect on the seizures, the execution or the claim follows the kind (grains/README.md).</summary>
    public async Task DecideJudicialDisputeAsync(string disputeId, JudicialDisputeDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var (index, dispute) = OpenJudicial(disputeId);
        Require(DecideDispute);
        Check(Enum.IsDefined(decision.Outcome), "outcome", $"Unknown outcome {decision.Outcome}.");
        CheckActDate(decision.DecidedOn, "decidedOn", new NotBefore(dispute.FiledOn, "filing of the dispute", "before-filing"));
        var reforms = dispute.Kind == JudicialDisputeKind.Appeal && decision.Outcome == JudicialOutcome.Granted;
        var titleClaim = TitleChargedCents();
        if (reforms)
        {
            Check(decision.ReformedTo is JudgmentOutcome.Reduced or JudgmentOutcome.Annulled, "reformedTo",
                "An appeal granted reforms the judgment: Reduced (with reducedToCents) or Annulled (the claim cannot be raised on the dossier).");
            Check(decision.ReformedTo != JudgmentOutcome.Reduced || decision.ReducedToCents is > 0 && decision.ReducedToCents < titleClaim, "reducedToCents",
                $"A reduction needs the new claim in cents, above 0 and below the title's {titleClaim}.");
            Check(decision.ReformedTo == JudgmentOutcome.Reduced || decision.ReducedToCents is null, "reducedToCents", "Only a reduction gives an amount.");
        }
        else
        {
            Check(decision.ReformedTo is null, "reformedTo", "Only an appeal granted reforms the judgment.");
            Check(decision.ReducedToCents is null, "reducedToCents", "Only an appeal granted reforms the judgment.");
        }

        dispute = dispute with
        {
            Outcome = decision.Outcome,
            DecidedOn = decision.DecidedOn,
            ReformedTo = reforms ? decision.ReformedTo : null,
            ReducedToCents = reforms ? decision.ReducedToCents : null,
        };
        State.Disputes.Judicial[index] = dispute;
        ClearDeadline(DisputeDeadlines.HearingPrefix + disputeId, $"judicial dispute {disputeId} decided: {decision.Outcome}");
        Context.Journal(DisputeJournalKinds.JudicialDecided, new
        {
            disputeId,
            kind = DisputeDeadlines.KindCode(dispute.Kind),
            outcome = decision.Outcome.ToString(),
            decidedOn = decision.DecidedOn,
            reformedTo = dispute.ReformedTo?.ToString(),
            reducedToCents = dispute.ReducedToCents,
        });

        var detail = $"judicial dispute {disputeId} ({DisputeDeadlines.KindCode(dispute.Kind)}) decided on {decision.DecidedOn:yyyy-MM-dd}: {decision.Outcome}";
        if (decision.Outcome != JudicialOutcome.Granted)
        {
            MoveTo(DecideDispute, State.Status, dispute.SuspendsExecution ? $"{detail}; the suspension ends, execution as before" : $"{detail}; execution as before");
            return;
        }

        switch (dispute.Kind)
        {
            case JudicialDisputeKind.Appeal when dispute.ReformedTo == JudgmentOutcome.Annulled:
                ReachOutcome(DecideDispute, DossierStatus.Closed, $"{detail}; the court of appeal annuls the contrainte");
                break;
            case JudicialDisputeKind.Appeal:
                await ApplyCorrectedClaimAsync(dispute.ReducedToCents!.Value, decision.DecidedOn, "appeal-reduced", $"{detail}; the claim is reduced to {dispute.ReducedToCents} cents");
                break;
            case JudicialDisputeKind.AttachmentJudge when dispute.SeizureIds.Count == 0:
                // The judge stopped the execution itself: it stays stopped until ONSS acts (withdraws, or confirms its claim after a new title).
                State.Disputes.Suspension ??= new ExecutionSuspensionRecord(disputeId, decision.DecidedOn, "attachment-judge-order");
                MoveTo(DecideDispute, State.Status, $"{detail}; execution suspended by the attachment judge");
                break;
            default:
                State.Disputes.LiftedSeizureIds.AddRange(dispute.SeizureIds.Where(id => !State.Disputes.LiftedSeizureIds.Contains(id)));
                MoveTo(DecideDispute, State.Status, $"{detail}; seizure(s) {string.Join(", ", dispute.SeizureIds)} lifted");
                break;
        }
    }

    private void CheckHearing(JudicialDisputeRecord dispute, DateOnly date, string field)
    {
        if (date < dispute.FiledOn)
        {
            throw new ActDateConflictException(field, "before-filing", $"{field} {date:yyyy-MM-dd} is before the filing of the dispute ({dispute.FiledOn:yyyy-MM-dd}).");
        }

        Check(date <= Today.AddDays(MaxHearingDaysAhead), field, $"A hearing is at most {MaxHearingDaysAhead} days ahead.");
    }

    private (int Index, JudicialDisputeRecord Dispute) OpenJudicial(string disputeId)
    {
        RequireExists();
        var index = State.Disputes.Judicial.FindIndex(d => string.Equals(d.DisputeId, disputeId, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new DisputeNotFoundException(Key, disputeId);
        }

        var dispute = State.Disputes.Judicial[index];
        if (dispute.Outcome is { } outcome)
        {
            throw new DisputeConflictException("dispute-decided", $"Dispute {disputeId} was already decided on {dispute.DecidedOn:yyyy-MM-dd}: {outcome}.");
        }

        return (index, dispute);
    }
}
