namespace P4Orleans.Domain;

/// <summary>
/// A small hand-written state machine table in the style of the Stateless library:
/// <c>Configure(state).Permit(command, target...)</c>. A command may lead to several targets (the grain
/// decides which, e.g. a payment leaves the status as is or makes the dossier Paid); the table is checked
/// at run time so that no code path can reach a status the table does not allow.
/// </summary>
public sealed class TransitionTable<TState, TCommand>
    where TState : struct, Enum
    where TCommand : struct, Enum
{
    private readonly Dictionary<TState, StateConfiguration> states = [];

    /// <summary>Starts or continues the configuration of <paramref name="state"/>.</summary>
    public StateConfiguration Configure(TState state)
    {
        if (!states.TryGetValue(state, out var configuration))
        {
            configuration = new StateConfiguration(state);
            states[state] = configuration;
        }

        return configuration;
    }

    /// <summary>Commands allowed in <paramref name="state"/>, in declaration order.</summary>
    public IReadOnlyList<TCommand> Permitted(TState state) =>
        states.TryGetValue(state, out var c) ? c.Commands : [];

    /// <summary>True when <paramref name="command"/> is allowed in <paramref name="state"/>.</summary>
    public bool IsPermitted(TState state, TCommand command) =>
        states.TryGetValue(state, out var c) && c.Targets(command) is not null;

    /// <summary>Where <paramref name="command"/> may lead from <paramref name="state"/>; empty when not allowed.</summary>
    public IReadOnlyList<TState> TargetsOf(TState state, TCommand command) =>
        states.TryGetValue(state, out var c) ? c.Targets(command) ?? [] : [];

    /// <summary>Every (state, command, target) row, for documentation and tests.</summary>
    public IEnumerable<(TState From, TCommand Command, TState To)> Rows() =>
        from c in states.Values
        from command in c.Commands
        from target in c.Targets(command)!
        select (c.State, command, target);

    /// <summary>The permitted commands of one state.</summary>
    public sealed class StateConfiguration(TState state)
    {
        private readonly List<TCommand> order = [];
        private readonly Dictionary<TCommand, List<TState>> permits = [];

        /// <summary>The configured state.</summary>
        public TState State { get; } = state;

        internal IReadOnlyList<TCommand> Commands => order;

        internal IReadOnlyList<TState>? Targets(TCommand command) => permits.TryGetValue(command, out var t) ? t : null;

        /// <summary>Allows <paramref name="command"/>, leading to one of <paramref name="targets"/>.</summary>
        public StateConfiguration Permit(TCommand command, params TState[] targets)
        {
            if (targets.Length == 0)
            {
                throw new ArgumentException("A permitted command needs at least one target.", nameof(targets));
            }

            if (!permits.TryGetValue(command, out var list))
            {
                list = [];
                permits[command] = list;
                order.Add(command);
            }

            list.AddRange(targets.Where(t => !list.Contains(t)));
            return this;
        }

        /// <summary>Allows <paramref name="command"/>, staying in this state.</summary>
        public StateConfiguration PermitReentry(TCommand command) => Permit(command, State);
    }
}
