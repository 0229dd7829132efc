using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

public class LifecycleTableTests
{
    [Fact]
    public void every_status_is_reachable_from_a_submission()
    {
        var reached = new HashSet<DossierStatus> { DossierStatus.None };
        var queue = new Queue<DossierStatus>([DossierStatus.None]);
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            foreach (var (_, _, to) in DossierLifecycle.Table.Rows().Where(r => r.From == from))
            {
                if (reached.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        Assert.Equal(Enum.GetValues<DossierStatus>().Order(), reached.Order());
    }

    [Fact]
    public void a_purged_dossier_allows_no_command()
    {
        Assert.Empty(DossierLifecycle.Table.Permitted(DossierStatus.Purged));
    }

    [Fact]
    public void only_the_retention_purge_leads_to_purged()
    {
        var into = DossierLifecycle.Table.Rows().Where(r => r.To == DossierStatus.Purged).Select(r => r.Command).Distinct();
        Assert.Equal([DossierCommand.PurgePersonalData], into);
    }

    [Fact]
    public void internal_commands_are_never_offered_to_users()
    {
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            Assert.DoesNotContain(DossierLifecycle.Allowed(status), c => DossierLifecycle.Internal.Contains(c));
        }
    }

    [Theory]
    [InlineData(DossierStatus.AwaitingDispatch)]
    [InlineData(DossierStatus.Assigned)]
    [InlineData(DossierStatus.Served)]
    [InlineData(DossierStatus.Executable)]
    [InlineData(DossierStatus.Seizure)]
    [InlineData(DossierStatus.Opposed)]
    [InlineData(DossierStatus.PaymentPlan)]
    public void partial_payments_are_accepted_in_every_open_status_without_moving_it(DossierStatus status)
    {
        Assert.Contains(status, DossierLifecycle.Table.TargetsOf(status, DossierCommand.RecordPayment));
        Assert.Contains(DossierStatus.Paid, DossierLifecycle.Table.TargetsOf(status, DossierCommand.RecordPayment));
    }

    [Fact]
    public void an_illegal_command_names_the_status_and_what_is_allowed()
    {
        var error = Assert.Throws<IllegalTransitionException>(() => DossierLifecycle.Ensure(DossierStatus.AwaitingDispatch, DossierCommand.Accept));
        Assert.Equal(DossierStatus.AwaitingDispatch, error.Status);
        Assert.Equal(DossierCommand.Accept, error.Command);
        Assert.Contains(DossierCommand.Assign, error.Allowed);
        Assert.Contains("AwaitingDispatch", error.Message);
    }

    [Fact]
    public void a_target_outside_the_table_is_refused_even_for_an_allowed_command()
    {
        Assert.Throws<InvalidOperationException>(() =>
            DossierLifecycle.EnsureTarget(DossierStatus.Served, DossierCommand.ReportOpposition, DossierStatus.Paid));
    }
}
