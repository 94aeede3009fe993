"""The layer every other one stands on: the shared values (model), the configuration and its schema, the clock, and the asyncio bridge. Imports nothing of mailbot."""
