namespace MioKarte.Core.Common;

/// <summary>An illegal move in a workflow: the server refuses it, whatever the screen showed.</summary>
public sealed class WorkflowException(string message) : InvalidOperationException(message);

/// <summary>The four-eyes rule refused a move: the same person may not approve and register.</summary>
public sealed class FourEyesException(string message) : InvalidOperationException(message);
