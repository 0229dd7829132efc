using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

// A node that starts one write turn and holds it before COMMIT, so a test can kill it with SIGKILL.
// Arguments: connection string, counter key, ping target.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: P4Orleans.Silo.Tests.Child <connection string> <counter key> <ping target>");
    return 2;
}
await using var silo = await TestSilo.StartAsync(args[0], nodeId: "doomed-child",
    settings: new Dictionary<string, string?> { ["Silo:PauseBeforeCommit"] = "true" });
await silo.Grains.GetGrain<ICounterGrain>(args[1]).AddWithEffectsAsync(5, args[2]);
await Console.Error.WriteLineAsync("the turn was expected to pause before COMMIT");
return 1;
