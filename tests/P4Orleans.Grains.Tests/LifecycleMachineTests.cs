using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

/// <summary>The table's answers come from its Stateless machines and agree with each other for every status and command.</summary>
public class LifecycleMachineTests
{
    [Fact]
    public void permitted_commands_targets_and_rows_agree_for_every_status_and_command()
    {
        var rows = DossierLifecycle.Table.Rows().ToList();
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            foreach (var command in Enum.GetValues<DossierCommand>())
            {
                var permitted = DossierLifecycle.Table.IsPermitted(status, command);
                Assert.Equal(permitted, DossierLifecycle.Table.Permitted(status).Contains(command));
                Assert.Equal(permitted, DossierLifecycle.Table.TargetsOf(status, command).Count > 0);
                Assert.Equal(
                    rows.Where(r => r.From == status && r.Command == command).Select(r => r.To).Order(),
                    DossierLifecycle.Table.TargetsOf(status, command).Order());
            }
        }
    }

    [Theory]
    [InlineData(DossierStatus.Paid, DossierCommand.AttachDocument)]
    [InlineData(DossierStatus.Closed, DossierCommand.CloseIntervention)]
    [InlineData(DossierStatus.Seizure, DossierCommand.ReportSeizure)]
    [InlineData(DossierStatus.NeedsManualDecision, DossierCommand.RequireManualDecision)]
    public void a_reentry_is_a_row_back_to_the_same_status(DossierStatus status, DossierCommand command)
    {
        Assert.Equal([status], DossierLifecycle.Table.TargetsOf(status, command));
        Assert.Contains((status, command, status), DossierLifecycle.Table.Rows());
    }

    [Fact]
    public void permitted_commands_keep_the_declaration_order()
    {
        Assert.Equal(
            [DossierCommand.Assign, DossierCommand.RequireManualDecision, DossierCommand.RecordPayment, DossierCommand.AttachDocument,
                DossierCommand.DeclareIrrecoverable, DossierCommand.Withdraw, DossierCommand.RaiseDispute, DossierCommand.DecideDispute],
            DossierLifecycle.Table.Permitted(DossierStatus.AwaitingDispatch));
    }

    [Fact]
    public void the_table_cannot_be_configured_once_it_answers()
    {
        var table = new TransitionTable<DossierStatus, DossierCommand>();
        table.Configure(DossierStatus.None).Permit(DossierCommand.Submit, DossierStatus.AwaitingDispatch, DossierStatus.NeedsManualDecision);
        Assert.True(table.IsPermitted(DossierStatus.None, DossierCommand.Submit));
        Assert.Throws<InvalidOperationException>(() => table.Configure(DossierStatus.AwaitingDispatch));
    }

    [Fact]
    public void a_status_the_table_does_not_configure_permits_nothing()
    {
        var table = new TransitionTable<DossierStatus, DossierCommand>();
        table.Configure(DossierStatus.None).Permit(DossierCommand.Submit, DossierStatus.AwaitingDispatch);
        Assert.Empty(table.Permitted(DossierStatus.Paid));
        Assert.False(table.IsPermitted(DossierStatus.Paid, DossierCommand.Submit));
        Assert.Empty(table.TargetsOf(DossierStatus.Paid, DossierCommand.Submit));
    }
}
