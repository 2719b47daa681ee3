// AgentConsole
