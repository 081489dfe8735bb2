"""C Authorization: the idToken store and idTokenInfo in Authorize answers."""
from .core import Faults

Faults.declare({
    "accept_blocked": False,   # treat Blocked tokens as Accepted
    "drop_group_id": False,    # no groupIdToken in idTokenInfo
})


class Authorization:
    def id_token_info(self, id_token):
        """idTokenInfo for an idToken object, from the token store."""
        record = self.store.token(id_token["idToken"])
        if record is None or (record.type and id_token.get("type") and record.type != id_token["type"]
                              and id_token["type"] != "Central" and record.type != "Central"):
            return {"status": "Unknown"}
        status = record.status
        if status == "Blocked" and self.faults.accept_blocked:
            status = "Accepted"
        info = {"status": status}
        if record.group_id and not self.faults.drop_group_id:
            info["groupIdToken"] = {"idToken": record.group_id, "type": "Central"}
        if record.cache_expiry:
            info["cacheExpiryDateTime"] = record.cache_expiry
        return info

    async def on_Authorize(self, station, connection, payload):
        return {"idTokenInfo": self.id_token_info(payload["idToken"])}
