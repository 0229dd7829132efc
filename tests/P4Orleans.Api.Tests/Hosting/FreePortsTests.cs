using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Hosting;

/// <summary>
/// Every test host asks for a silo port and a gateway port in a row; the OS may give a released port again at once,
/// and a node whose two ports are equal refuses to start. The helper never gives a port twice in a process.
/// </summary>
public sealed class FreePortsTests
{
    [Fact]
    public async Task ports_asked_for_in_a_row_or_at_once_are_never_the_same()
    {
        var sequential = Enumerable.Range(0, 300).Select(_ => FreePorts.Next()).ToList();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(FreePorts.Next)));
        var all = sequential.Concat(concurrent).ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all, p => Assert.InRange(p, 1, 65535));
    }
}
