"""Refuse oversized request bodies before they are read into memory (pure ASGI middleware)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "Dạ, dữ liệu gửi lên quá lớn ạ. Anh/chị vui lòng gửi nội dung ngắn hơn hoặc tệp nhỏ hơn."


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, per_prefix: dict[str, int] | None = None) -> None:
        """`per_prefix`: larger limits for some paths (card image uploads), longest prefix wins."""
        self.app = app
        self.max_bytes = max_bytes
        self.per_prefix = sorted((per_prefix or {}).items(), key=lambda kv: -len(kv[0]))

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.per_prefix if path.startswith(prefix)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await _reject(send)
            return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        # Chunked uploads declare no length: buffer up to the limit, then replay.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > max_bytes:
                await _reject(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


async def _reject(send: Send) -> None:
    body = json.dumps({"detail": TOO_LARGE}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
