using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;
using static P4Orleans.Contracts.DossierStatus;

namespace P4Orleans.Domain;

/// <summary>
/// The dossier lifecycle: which command is allowed in which status and where it leads. The one place the
/// lifecycle is written; grains/Grains/README.md draws it. Several targets mean the grain decides by the
/// facts (a payment that clears the balance makes the dossier Paid; the acceptance of a dossier taken over
/// mid-procedure resumes where the procedure stood).
/// </summary>
public static class DossierLifecycle
{
    /// <summary>Commands run by reminders or by the host, never offered to a user.</summary>
    public static IReadOnlySet<DossierCommand> Internal { get; } =
        new HashSet<DossierCommand> { MissAcceptance, BecomeExecutable, PurgePersonalData };

    /// <summary>Statuses a new office's acceptance may resume (the procedure's progress is kept on reassignment).</summary>
    private static readonly DossierStatus[] Resumable = [DossierStatus.Accepted, Served, Executable, Seizure, Opposed, PaymentPlan];

    /// <summary>Statuses the execution resumes to after an opposition or a payment plan.</summary>
    private static readonly DossierStatus[] Procedure = [DossierStatus.Accepted, Served, Executable, Seizure];

    /// <summary>The table.</summary>
    public static TransitionTable<DossierStatus, DossierCommand> Table { get; } = Build();

    /// <summary>User-facing commands allowed in <paramref name="status"/>.</summary>
    public static IReadOnlyList<DossierCommand> Allowed(DossierStatus status) =>
        [.. Table.Permitted(status).Where(c => !Internal.Contains(c))];

    /// <summary>Throws <see cref="IllegalTransitionException"/> unless <paramref name="command"/> is allowed now.</summary>
    public static void Ensure(DossierStatus status, DossierCommand command)
    {
        if (!Table.IsPermitted(status, command))
        {
            throw new IllegalTransitionException(status, command, Allowed(status));
        }
    }

    /// <summary>Checks that <paramref name="command"/> may lead from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void EnsureTarget(DossierStatus from, DossierCommand command, DossierStatus to)
    {
        Ensure(from, command);
        if (!Table.TargetsOf(from, command).Contains(to))
        {
            throw new InvalidOperationException($"The lifecycle table does not lead from {from} by {command} to {to}.");
        }
    }

    private static TransitionTable<DossierStatus, DossierCommand> Build()
    {
        var t = new TransitionTable<DossierStatus, DossierCommand>();

        t.Configure(None)
            .Permit(Submit, AwaitingDispatch, NeedsManualDecision);

        t.Configure(AwaitingDispatch)
            .Permit(Assign, Assigned)
            .Permit(RequireManualDecision, NeedsManualDecision)
            .Permit(RecordPayment, AwaitingDispatch, Paid)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(NeedsManualDecision)
            .Permit(Assign, Assigned)
            .PermitReentry(RequireManualDecision)
            .Permit(RecordPayment, NeedsManualDecision, Paid)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(Assigned)
            .Permit(Accept, Resumable)
            .Permit(Refuse, AwaitingDispatch)
            .Permit(MissAcceptance, AwaitingDispatch)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .Permit(RecordPayment, Assigned, Paid)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(DossierStatus.Accepted)
            .Permit(ReportService, Served)
            .PermitReentry(ReportSeizure) // conservatory only
            .Permit(RecordPayment, DossierStatus.Accepted, Paid)
            .Permit(GrantPaymentPlan, PaymentPlan)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(Served)
            .Permit(BecomeExecutable, Executable)
            .Permit(ReportOpposition, Opposed)
            .PermitReentry(ReportSeizure) // conservatory only
            .Permit(RecordPayment, Served, Paid)
            .Permit(GrantPaymentPlan, PaymentPlan)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(Executable)
            .Permit(ReportSeizure, Seizure, Executable) // executory → Seizure; conservatory stays
            .Permit(ReportOpposition, Opposed)
            .Permit(RecordPayment, Executable, Paid)
            .Permit(GrantPaymentPlan, PaymentPlan)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(Seizure)
            .PermitReentry(ReportSeizure)
            .Permit(ReportOpposition, Opposed)
            .Permit(RecordPayment, Seizure, Paid)
            .Permit(GrantPaymentPlan, PaymentPlan)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(Opposed)
            .Permit(RecordJudgment, [.. Procedure, Closed, Paid])
            .PermitReentry(ReportSeizure) // conservatory only (art. 40: execution suspended)
            .Permit(RecordPayment, Opposed, Paid)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        t.Configure(PaymentPlan)
            .Permit(EndPaymentPlan, Procedure)
            .Permit(RecordPayment, PaymentPlan, Paid)
            .Permit(Reassign, AwaitingDispatch, Assigned)
            .PermitReentry(AttachDocument)
            .Permit(DeclareIrrecoverable, Irrecoverable)
            .Permit(Withdraw, Withdrawn);

        foreach (var outcome in new[] { Paid, Irrecoverable, Withdrawn, Closed })
        {
            t.Configure(outcome)
                .PermitReentry(CloseIntervention)
                .PermitReentry(AttachDocument)
                .Permit(PurgePersonalData, Purged);
        }

        // Disputes (DossierModel.Disputes*.cs) while the procedure runs: a step keeps the status; a decision keeps it or ends it.
        foreach (var open in new[] { AwaitingDispatch, NeedsManualDecision, Assigned, DossierStatus.Accepted, Served, Executable, Seizure, Opposed, PaymentPlan })
        {
            t.Configure(open)
                .PermitReentry(RaiseDispute)
                .Permit(DecideDispute, open, Paid, Closed);
        }

        t.Configure(Purged);
        return t;
    }
}
