"""I Tariff and Cost: an energy tariff, the running cost of a transaction and its final cost.

The reference CSMS has one tariff for every driver: a price per kWh (`energy_tariff`, 0.25 by
default; the suite sets it from the ENERGY_TARIFF_PER_KWH setting). The energy of a transaction is
the spread of its Energy.Active.Import.Register readings (highest minus lowest, in Wh): the register
only grows, so this holds whatever order offline messages arrive in, and with or without a
Transaction.Begin reading.

- Running cost (I02.FR.01): after a TransactionEvent Updated that brings an energy reading for an
  ongoing transaction, the CSMS sends CostUpdatedRequest(totalCost, transactionId).
- Final cost (I03.FR.02): the answer to TransactionEvent Ended carries totalCost.
"""
import asyncio

from .core import Faults

Faults.declare({
    "no_cost_updates": False,        # never sends CostUpdatedRequest
    "no_total_cost": False,          # no totalCost in the answer to TransactionEvent Ended
    "cost_from_zero": False,         # bills the whole register value, not the energy of the transaction
})

DEFAULT_ENERGY_TARIFF = 0.25        # per kWh


class Tariff:
    def init_state(self):
        super().init_state()
        self.energy_tariff = DEFAULT_ENERGY_TARIFF

    def transaction_cost(self, tx):
        """Cost of the energy a transaction used so far, or None when it has no energy reading."""
        values = [wh for _timestamp, wh, _context in tx.energy_readings]
        if not values:
            return None
        energy_wh = max(values) if self.faults.cost_from_zero else max(values) - min(values)
        return round(energy_wh / 1000.0 * self.energy_tariff, 4)

    def final_cost(self, tx):
        """totalCost for the answer to TransactionEvent Ended (0 when no energy was metered)."""
        if self.faults.no_total_cost:
            return None
        cost = self.transaction_cost(tx)
        tx.total_cost = 0.0 if cost is None else cost
        return tx.total_cost

    def running_cost_update(self, station, connection, tx, payload, readings):
        """After an Updated event with an energy reading: tell the station the running cost."""
        if self.faults.no_cost_updates or tx.ended or payload["eventType"] != "Updated":
            return
        if not any(reading["wh"] is not None for reading in readings):
            return
        cost = self.transaction_cost(tx)
        if cost is None:
            return
        tx.total_cost = cost
        self._spawn(self._send_cost_updated(station.station_id, connection, tx.transaction_id, cost))

    async def _send_cost_updated(self, station_id, connection, transaction_id, cost):
        await asyncio.sleep(0)   # after the TransactionEventResponse
        if self.connection(station_id) is not connection:
            return               # the station reconnected meanwhile: this update is stale
        try:
            await self.send(station_id, "CostUpdated", {"totalCost": cost, "transactionId": transaction_id})
        except LookupError:
            pass                 # disconnected meanwhile
