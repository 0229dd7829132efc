using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

/// <summary>The lifecycle diagram in grains/Grains/README.md is Stateless' DOT export of the table, never drawn by hand.</summary>
public class LifecycleDiagramTests
{
    private const string Begin = "<!-- lifecycle-dot:begin (generated from DossierLifecycle.Table.DotGraph(); LifecycleDiagramTests) -->";
    private const string End = "<!-- lifecycle-dot:end -->";

    [Fact]
    public void the_committed_lifecycle_diagram_is_the_export_of_the_table()
    {
        var readme = Path.Combine(RepositoryRoot(), "grains", "Grains", "README.md");
        var text = File.ReadAllText(readme).ReplaceLineEndings("\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{readme} has no generated lifecycle block ({Begin} ... {End}).");
        var expected = Block(DossierLifecycle.Table.DotGraph());

        var committed = text[(start + Begin.Length)..end];
        if (committed != expected && Environment.GetEnvironmentVariable("P4_UPDATE_LIFECYCLE_DIAGRAM") == "1")
        {
            // The one way to refresh the diagram: rerun this test with the variable set, then commit the README.
            File.WriteAllText(readme, string.Concat(text.AsSpan(0, start + Begin.Length), expected, text.AsSpan(end)));
            committed = expected;
        }

        Assert.True(committed == expected,
            "The lifecycle diagram in grains/Grains/README.md differs from DossierLifecycle.Table.DotGraph(); "
            + "run this test with P4_UPDATE_LIFECYCLE_DIAGRAM=1 and commit the README.");
    }

    [Fact]
    public void the_export_draws_every_status_and_every_command()
    {
        var dot = DossierLifecycle.Table.DotGraph();
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            Assert.Contains($"\"{status}\"", dot, StringComparison.Ordinal);
        }

        foreach (var command in DossierLifecycle.Table.Rows().Select(r => r.Command).Distinct())
        {
            Assert.Contains(command.ToString(), dot, StringComparison.Ordinal);
        }
    }

    private static string Block(string dot) => "\n```dot\n" + dot.ReplaceLineEndings("\n").Trim() + "\n```\n";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "P4Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (P4Orleans.sln) is not above the test's folder.");
    }
}
