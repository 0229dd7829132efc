using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Amicable disputes (art. 40 §8: the concessionaire manages amicable or judicial disputes): raised through ONSS or
// the assigned office, assigned to an Operator, decided within the configured deadline. The effect of each outcome
// is in grains/README.md; judicial disputes are in DossierModel.Disputes.Judicial.cs.
public sealed partial class DossierModel
{
    /// <summary>Records an amicable dispute (ONSS when <paramref name="officeId"/> is null, else the assigned office). Returns its id.</summary>
    public async Task<string> RaiseDisputeAsync(string? officeId, AmicableDisputeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (officeId is not null)
        {
            RequireOffice(officeId);
        }

        Require(RaiseDispute);
        Check(Enum.IsDefined(report.Ground), "ground", $"Unknown ground {report.Ground}.");
        Check(Enum.IsDefined(report.RaisedBy), "raisedBy", $"Unknown party {report.RaisedBy}.");
        CheckActDate(report.ReceivedOn, "receivedOn", AfterIssue);

        var book = State.Disputes;
        var channel = officeId is null ? DisputeChannel.Onss : DisputeChannel.Office;
        var dispute = new AmicableDisputeRecord($"A{book.Amicable.Count + 1}", report.Ground, report.RaisedBy, channel, officeId, report.ReceivedOn,
            DisputeDeadlines.DecideBy(report.ReceivedOn, options), Now, await SealTextAsync(report.Note));
        book.Amicable.Add(dispute);
        SetDeadline(DisputeDeadlines.Decision(dispute, options, clock));
        Context.Journal(DisputeJournalKinds.Raised, new
        {
            disputeId = dispute.DisputeId,
            ground = dispute.Ground.ToString(),
            raisedBy = dispute.RaisedBy.ToString(),
            channel = channel.ToString(),
            officeId,
            receivedOn = dispute.ReceivedOn,
            decideBy = dispute.DecideBy,
        });
        MoveTo(RaiseDispute, State.Status,
            $"amicable dispute {dispute.DisputeId} ({dispute.Ground}) raised by the {dispute.RaisedBy} through {channel}, received on {dispute.ReceivedOn:yyyy-MM-dd}; decision due by {dispute.DecideBy:yyyy-MM-dd}");
        return dispute.DisputeId;
    }

    /// <summary>An Operator takes charge of an open amicable dispute (again: the dispute changes hands).</summary>
    public Task AssignDisputeAsync(string disputeId, Guid operatorId)
    {
        var (index, dispute) = OpenAmicable(disputeId);
        Require(RaiseDispute);
        Check(operatorId != Guid.Empty, "operatorId", "The Operator is required.");
        State.Disputes.Amicable[index] = dispute with { OperatorId = operatorId, AssignedAt = Now };
        Context.Journal(DisputeJournalKinds.Assigned, new { disputeId, operatorId });
        MoveTo(RaiseDispute, State.Status, $"amicable dispute {disputeId} assigned to Operator {operatorId}");
        return Task.CompletedTask;
    }

    /// <summary>The assigned Operator's decision; its effect on the dossier depends on the outcome (grains/README.md).</summary>
    public async Task DecideDisputeAsync(string disputeId, AmicableDisputeDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var (index, dispute) = OpenAmicable(disputeId);
        Require(DecideDispute);
        if (dispute.OperatorId is null)
        {
            throw new DisputeConflictException("dispute-not-assigned", $"Dispute {disputeId} is assigned to no Operator yet: assign it first.");
        }

        Check(Enum.IsDefined(decision.Outcome), "outcome", $"Unknown outcome {decision.Outcome}.");
        CheckActDate(decision.DecidedOn, "decidedOn", new NotBefore(dispute.ReceivedOn, "dispute's receipt", "before-dispute"));
        var titleClaim = TitleChargedCents();
        if (decision.Outcome == AmicableOutcome.AmountCorrected)
        {
            Check(decision.CorrectedToCents is > 0 && decision.CorrectedToCents < titleClaim, "correctedToCents",
                $"A correction needs the corrected claim in cents, above 0 and below the title's {titleClaim}.");
        }
        else
        {
            Check(decision.CorrectedToCents is null, "correctedToCents", "Only a correction gives an amount.");
        }

        dispute = dispute with
        {
            Outcome = decision.Outcome,
            DecidedOn = decision.DecidedOn,
            CorrectedToCents = decision.CorrectedToCents,
            SealedDecisionNote = await SealTextAsync(decision.Note),
        };
        State.Disputes.Amicable[index] = dispute;
        ClearDeadline(DisputeDeadlines.DecisionPrefix + disputeId, $"dispute {disputeId} decided: {decision.Outcome}");
        Context.Journal(DisputeJournalKinds.Decided, new
        {
            disputeId,
            ground = dispute.Ground.ToString(),
            outcome = decision.Outcome.ToString(),
            decidedOn = decision.DecidedOn,
            correctedToCents = decision.CorrectedToCents,
            late = decision.DecidedOn > dispute.DecideBy,
        });

        var detail = $"amicable dispute {disputeId} ({dispute.Ground}) decided on {decision.DecidedOn:yyyy-MM-dd}: {decision.Outcome}";
        switch (decision.Outcome)
        {
            case AmicableOutcome.Upheld:
                // The platform cannot annul ONSS's title: it stops executing it and leaves the decision to ONSS.
                State.Disputes.Suspension ??= new ExecutionSuspensionRecord(disputeId, decision.DecidedOn, "amicable-dispute-upheld");
                MoveTo(DecideDispute, State.Status, $"{detail}; execution suspended until ONSS withdraws the title or confirms its claim");
                break;
            case AmicableOutcome.AmountCorrected:
                await ApplyCorrectedClaimAsync(decision.CorrectedToCents!.Value, decision.DecidedOn, "dispute-corrected", $"{detail} to {decision.CorrectedToCents} cents");
                break;
            case AmicableOutcome.TransferredToOnss:
                MoveTo(DecideDispute, State.Status, $"{detail}; ONSS decides, the procedure goes on meanwhile");
                break;
            default:
                MoveTo(DecideDispute, State.Status, $"{detail}; the procedure goes on");
                break;
        }
    }

    /// <summary>ONSS confirms its claim after a dispute suspended execution: the suspension ends.</summary>
    public Task ResumeExecutionAfterDisputeAsync()
    {
        RequireExists();
        Require(DecideDispute);
        if (State.Disputes.Suspension is not { } suspension)
        {
            throw new DisputeConflictException("not-suspended", "No dispute outcome suspends the execution of this dossier.");
        }

        State.Disputes.Suspension = null;
        Context.Journal(DisputeJournalKinds.ExecutionResumed, new { disputeId = suspension.DisputeId, suspendedSince = suspension.Since, reason = suspension.Reason });
        MoveTo(DecideDispute, State.Status, $"ONSS confirms its claim: the suspension by dispute {suspension.DisputeId} since {suspension.Since:yyyy-MM-dd} ends");
        return Task.CompletedTask;
    }

    /// <summary>The decision deadline of an amicable dispute passed: Operators see it when it is still open.</summary>
    private void DisputeDateReached(string name)
    {
        MarkReached(name);
        if (!name.StartsWith(DisputeDeadlines.DecisionPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var id = name[DisputeDeadlines.DecisionPrefix.Length..];
        var index = State.Disputes.Amicable.FindIndex(d => d.DisputeId == id);
        if (index < 0 || State.Disputes.Amicable[index] is not { Outcome: null } dispute || State.HasOutcome)
        {
            return;
        }

        State.Disputes.Amicable[index] = dispute with { Overdue = true };
        Context.Journal(DisputeJournalKinds.Overdue, new { disputeId = id, decideBy = dispute.DecideBy, operatorId = dispute.OperatorId });
        Escalate(EscalationKind.DisputeOverdue,
            $"amicable dispute {id} ({dispute.Ground}) not decided by {dispute.DecideBy:yyyy-MM-dd}" + (dispute.OperatorId is null ? "; no Operator assigned" : ""));
    }

    /// <summary>The claim as corrected or reformed: the ledger is rebuilt; a zero balance makes the dossier Paid.</summary>
    private async Task ApplyCorrectedClaimAsync(long claimCents, DateOnly date, string reason, string detail)
    {
        await ReduceClaimAsync(claimCents, date, reason);
        if (State.Ledger.BalanceCents == 0)
        {
            ReachOutcome(DecideDispute, DossierStatus.Paid, $"{detail}; already paid in full");
            return;
        }

        MoveTo(DecideDispute, State.Status, $"{detail}; balance {State.Ledger.BalanceCents}");
    }

    private (int Index, AmicableDisputeRecord Dispute) OpenAmicable(string disputeId)
    {
        RequireExists();
        var index = State.Disputes.Amicable.FindIndex(d => string.Equals(d.DisputeId, disputeId, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new DisputeNotFoundException(Key, disputeId);
        }

        var dispute = State.Disputes.Amicable[index];
        if (dispute.Outcome is { } outcome)
        {
            throw new DisputeConflictException("dispute-decided", $"Dispute {disputeId} was already decided on {dispute.DecidedOn:yyyy-MM-dd}: {outcome}.");
        }

        return (index, dispute);
    }

    /// <summary>An executory act is refused while a dispute suspends execution.</summary>
    private void CheckNotSuspendedByDispute()
    {
        if (State.Disputes.SuspendedBy is { } by)
        {
            throw new DisputeConflictException("execution-suspended", $"Execution is suspended by dispute {by}: no executory act until it ends.");
        }
    }
}
